import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { VISIBILITIES, type Visibility } from '../entities/competition.entity';
import { CompetitionAccessDto, JoinRulesDto } from './competition-access.dto';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { RankAggregateDto } from './competition-edit.dto';

export class ListQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class CompetitionSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['v1', 'v2'] }) format!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ enum: VISIBILITIES, description: 'draft, unlisted (secret link), public or private' })
  visibility!: Visibility;
  @ApiProperty({ nullable: true, type: Date, description: 'Read-only since then (archived); null while active' })
  archivedAt!: Date | null;
}

export class PageDto {
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Markdown or HTML as the bundle gave it' }) content!: string;
}

export class PhaseTaskDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
}

export class PhaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() index!: number;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() startAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) endAt!: Date | null;
  @ApiProperty({ enum: ['upcoming', 'open', 'ended'] }) state!: string;
  @ApiProperty() executionTimeLimitSec!: number;
  @ApiProperty({ nullable: true, type: Number }) maxSubmissionsPerDay!: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxSubmissions!: number | null;
  @ApiProperty({ description: 'Scores stay hidden from participants until the organizers reveal them' })
  resultsHidden!: boolean;
  @ApiProperty({ description: 'Its runs need GPU workers; a worker without GPUs fails them with that reason' })
  requiresGpu!: boolean;
  @ApiProperty({ description: 'No prediction step: every submission is scored as results (CodaLab is_scoring_only)' })
  scoringOnly!: boolean;
  @ApiProperty({
    nullable: true,
    enum: ['white', 'orange', 'yellow', 'green', 'blue', 'purple'],
    description: 'Tab colour',
  })
  color!: string | null;
  @ApiProperty({ description: 'Largest submission accepted in this phase, in MB' }) maxSubmissionSizeMb!: number;
  @ApiProperty({ description: "At its start, each participant's last submission of the phase before is re-run here" })
  autoMigrateToThisPhase!: boolean;
  @ApiProperty({ description: 'Participants get neither output nor logs of their submissions' }) hideOutput!: boolean;
  @ApiProperty({ description: 'Participants get no output of the prediction step' }) hidePredictionOutput!: boolean;
  @ApiProperty({ description: 'Participants get no output of the scoring step' }) hideScoreOutput!: boolean;
  @ApiProperty({ type: [PhaseTaskDto], description: 'What each submission is run on, in order' })
  tasks!: PhaseTaskDto[];
}

/** A question each submission answers (Codabench fact_sheet): what the submit form asks. */
export class FactSheetQuestionDto {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: ['checkbox', 'text', 'select'] }) type!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String], description: 'The choices of a select' }) selection!: string[];
  @ApiProperty() isRequired!: boolean;
  @ApiProperty({ description: 'The answers are shown as a leaderboard column' }) isOnLeaderboard!: boolean;
}

/** CodaLab's competition flags, as the competition stands (see competition.yaml keys of the same names). */
export class CompetitionOptionsDto {
  @ApiProperty({ description: 'Participants may form teams (enable_teams)' }) enableTeams!: boolean;
  @ApiProperty({ description: 'A new team submits as a team once an organizer approves it (require_team_approval)' })
  requireTeamApproval!: boolean;
  @ApiProperty({
    description:
      'Submissions carry a method name and description, code and paper links (enable_per_submission_metadata)',
  })
  enableSubmissionMetadata!: boolean;
  @ApiProperty({ description: 'Boards show that metadata beside each row' })
  showSubmissionMetadataOnLeaderboard!: boolean;
  @ApiProperty({
    description:
      'Participants cannot choose which of their submissions the boards show (disallow_leaderboard_modifying)',
  })
  disallowLeaderboardModifying!: boolean;
  @ApiProperty({ description: 'The competition page shows no top three (hide_top_three)' }) hideTopThree!: boolean;
  @ApiProperty({ description: "The competition page shows no chart of the board's best score (hide_chart)" })
  hideChart!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The competition runs elsewhere: its page sends visitors there (url_redirect)',
  })
  urlRedirect!: string | null;
}

export class LeaderboardColumnDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() index!: number;
  @ApiProperty({ enum: ['asc', 'desc'] }) sorting!: string;
  @ApiProperty() precision!: number;
  @ApiPropertyOptional({ description: 'Header group label (v1 column_groups); display only' }) group?: string;
  @ApiPropertyOptional({ description: 'Hidden from participants (only organizers receive hidden columns, with true)' })
  hidden?: boolean;
  @ApiPropertyOptional({ enum: ['avg', 'sum', 'min', 'max'], description: 'A column computed over other scores' })
  computation?: string;
  @ApiPropertyOptional({ type: [Number], description: 'Indexes of the columns a computation reads' })
  computationIndexes?: number[];
  @ApiPropertyOptional({
    type: RankAggregateDto,
    description: "A column ranking by an aggregate of other columns' ranks",
  })
  rankAggregate?: RankAggregateDto;
}

export class LeaderboardSummaryDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ description: 'Hidden from participants (only organizers receive hidden boards, with true)' })
  hidden?: boolean;
  @ApiProperty({ type: [LeaderboardColumnDto] }) columns!: LeaderboardColumnDto[];
}

/** The switches organizers edit with PATCH /api/competitions/{id}, as they stand now (organizers only). */
export class OrganizerSettingsDto {
  @ApiProperty() enableDetailedResults!: boolean;
  @ApiProperty() showDetailedResultsInSubmissionPanel!: boolean;
  @ApiProperty() showDetailedResultsInLeaderboard!: boolean;
  @ApiProperty() autoRunSubmissions!: boolean;
  @ApiProperty() canParticipantsMakeSubmissionsPublic!: boolean;
  @ApiProperty({ description: 'Participants see other entrants as pseudonyms ("Participant 417", "Team 82")' })
  anonymousLeaderboard!: boolean;
  @ApiProperty() makeProgramsAvailable!: boolean;
  @ApiProperty() makeInputDataAvailable!: boolean;
  @ApiProperty({ enum: ['competition', 'benchmark'] }) competitionType!: string;
  @ApiProperty({ nullable: true, type: String }) reward!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail!: string | null;
  @ApiProperty() forumEnabled!: boolean;
  @ApiProperty({ description: 'Anyone, even signed out, may list and download the files the phases offer' })
  filesPublic!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The organizer queue its jobs go to; null: the platform queue',
  })
  queueId!: string | null;
}

export class CompetitionDto extends CompetitionSummaryDto {
  @ApiProperty() dockerImage!: string;
  @ApiProperty({ nullable: true, type: String }) terms!: string | null;
  @ApiProperty() registrationAutoApprove!: boolean;
  @ApiProperty({
    description: 'Leaderboards and submission pages show entrants to everyone but the organizers as pseudonyms',
  })
  anonymousLeaderboard!: boolean;
  @ApiProperty({ description: 'The caller organizes this competition' }) isOrganizer!: boolean;
  @ApiProperty({ enum: ['competition', 'benchmark'] }) competitionType!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The prize, as the organizers word it' }) reward!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Whom participants may write to' }) contactEmail!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The logo (the bundle image), or null' }) logoUrl!:
    string | null;
  @ApiProperty({ description: "CodaLab's start_date, else the first phase's start" }) startAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: "The last phase's end; null: it never ends" })
  endAt!: Date | null;
  @ApiProperty({ type: CompetitionOptionsDto }) options!: CompetitionOptionsDto;
  @ApiProperty({
    nullable: true,
    type: [FactSheetQuestionDto],
    description: 'What each submission must answer (fact sheet), or null',
  })
  factSheet!: FactSheetQuestionDto[] | null;
  @ApiProperty({ type: [PageDto] }) pages!: PageDto[];
  @ApiProperty({ type: [PhaseDto] }) phases!: PhaseDto[];
  @ApiProperty({ type: [LeaderboardSummaryDto] }) leaderboards!: LeaderboardSummaryDto[];
  @ApiPropertyOptional({ type: OrganizerSettingsDto, description: 'Present for organizers only' })
  organizerSettings?: OrganizerSettingsDto;
  @ApiProperty({ type: JoinRulesDto, description: 'Who may register besides invitees (both empty: anyone)' })
  joinRules!: JoinRulesDto;
  @ApiPropertyOptional({
    type: CompetitionAccessDto,
    description: 'Present for organizers only: visibility, secret link, join rules',
  })
  access?: CompetitionAccessDto;
}

/** A problem found in a bundle: where (file, YAML path, line) and what. */
export class BundleProblemDto {
  @ApiProperty({ enum: ['error', 'warning'] }) severity!: 'error' | 'warning';
  @ApiProperty() file!: string;
  @ApiProperty({ description: "YAML path such as phases[1].tasks[0]; '' for the file as a whole" }) path!: string;
  @ApiPropertyOptional() line?: number;
  @ApiProperty() message!: string;
}

export class CreatedCompetitionDto extends CompetitionDto {
  @ApiProperty({
    type: [BundleProblemDto],
    description:
      'What the bundle asks for that is not done as asked, each at its key: settings without effect here, organizers it names who have no account',
  })
  warnings!: BundleProblemDto[];
}

export class BundleUploadDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description: 'A competition bundle (zip with competition.yaml at its root). Or send uploadId',
  })
  bundle?: unknown;

  @ApiPropertyOptional({
    description: 'Instead of bundle: a completed upload of the caller (purpose bundle), used once',
  })
  @IsOptional()
  @IsUUID()
  uploadId?: string;
}

export class CompetitionListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Case-insensitive search in title and description' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: ['organizer'],
    description: 'organizer: only competitions the caller creates or collaborates on (sign-in required)',
  })
  @IsOptional()
  @IsIn(['organizer'])
  role?: 'organizer';
}
