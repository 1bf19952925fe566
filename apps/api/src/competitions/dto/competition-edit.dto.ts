import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PhaseColor } from '@arena/bundle';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const SUBMISSION_RULES = [
  'Add',
  'Add_And_Delete',
  'Add_And_Delete_Multiple',
  'Force_Last',
  'Force_Latest_Multiple',
  'Force_Best',
];

export class ExportQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Name datasets by key instead of their files' })
  @IsOptional()
  // Anything but these (`?light=yes`, the key repeated) is left as it came, for @IsBoolean to refuse.
  @Transform(({ value }) =>
    value === true || value === 'true' || value === '1'
      ? true
      : value === false || value === 'false' || value === '0'
        ? false
        : value,
  )
  @IsBoolean()
  light: boolean = false;
}

export class YamlEditDto {
  @ApiProperty({ description: 'A whole version 2 competition.yaml; parts are dataset keys' })
  @IsString()
  @MaxLength(1024 * 1024)
  yaml!: string;
}

/** Top-level settings; anything left out stays as it is. */
export class UpdateSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() dockerImage?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  queue?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() registrationAutoApprove?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enableDetailedResults?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() showDetailedResultsInSubmissionPanel?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() showDetailedResultsInLeaderboard?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() autoRunSubmissions?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() canParticipantsMakeSubmissionsPublic?: boolean;
  @ApiPropertyOptional({
    description: 'Everyone but the organizers sees entrants as pseudonyms (CodaLab anonymous_leaderboard)',
  })
  @IsOptional()
  @IsBoolean()
  anonymousLeaderboard?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() makeProgramsAvailable?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() makeInputDataAvailable?: boolean;
  @ApiPropertyOptional({ enum: ['competition', 'benchmark'] })
  @IsOptional()
  @IsIn(['competition', 'benchmark'])
  competitionType?: 'competition' | 'benchmark';
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  reward?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail()
  contactEmail?: string | null;
  @ApiPropertyOptional({ description: 'Kept for export (Codabench forum_enabled); Arena has no forum yet' })
  @IsOptional()
  @IsBoolean()
  forumEnabled?: boolean;
  @ApiPropertyOptional({ description: 'Participants may form teams' }) @IsOptional() @IsBoolean() enableTeams?: boolean;
  @ApiPropertyOptional({ description: 'A new team submits as a team only once an organizer approves it' })
  @IsOptional()
  @IsBoolean()
  requireTeamApproval?: boolean;
  @ApiPropertyOptional({
    description: 'Submitters describe each submission: method name and description, code and paper links',
  })
  @IsOptional()
  @IsBoolean()
  enableSubmissionMetadata?: boolean;
  @ApiPropertyOptional({ description: 'Boards show that description beside each row' })
  @IsOptional()
  @IsBoolean()
  showSubmissionMetadataOnLeaderboard?: boolean;
  @ApiPropertyOptional({ description: 'Participants cannot choose which of their submissions the boards show' })
  @IsOptional()
  @IsBoolean()
  disallowLeaderboardModifying?: boolean;
  @ApiPropertyOptional({ description: 'The competition page shows no top three of the board' })
  @IsOptional()
  @IsBoolean()
  hideTopThree?: boolean;
  @ApiPropertyOptional({ description: "The competition page shows no chart of the board's best score over time" })
  @IsOptional()
  @IsBoolean()
  hideChart?: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The competition runs elsewhere: its page sends visitors there',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  urlRedirect?: string | null;
  @ApiPropertyOptional({ description: 'Anyone, even signed out, may list and download the files the phases offer' })
  @IsOptional()
  @IsBoolean()
  filesPublic?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Terms (Markdown or HTML); null removes them' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(1024 * 1024)
  terms?: string | null;
}

export class UpdatePhaseDto {
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional({ description: 'ISO 8601 with offset' }) @IsOptional() @IsISO8601() start?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsISO8601()
  end?: string | null;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @IsInt({ each: true }) taskIndexes?: number[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'null: unlimited' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  maxSubmissionsPerDay?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  maxSubmissions?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) executionTimeLimitSec?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() autoMigrateToThisPhase?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hideOutput?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hidePredictionOutput?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hideScoreOutput?: boolean;
  @ApiPropertyOptional({ description: 'Runs submitted from now on need GPU workers' })
  @IsOptional()
  @IsBoolean()
  requiresGpu?: boolean;
  @ApiPropertyOptional({
    description: 'No prediction step: submissions are scored as results (CodaLab is_scoring_only)',
  })
  @IsOptional()
  @IsBoolean()
  scoringOnly?: boolean;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['white', 'orange', 'yellow', 'green', 'blue', 'purple'],
    description: 'Tab colour; null: none',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIn(['white', 'orange', 'yellow', 'green', 'blue', 'purple'])
  color?: PhaseColor | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Largest submission accepted, in MB; null: the platform cap',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  maxSubmissionSizeMb?: number | null;
}

export class RankAggregateDto {
  @ApiProperty({ enum: ['avgRank', 'weightedRank', 'mrr'] })
  @IsIn(['avgRank', 'weightedRank', 'mrr'])
  method!: 'avgRank' | 'weightedRank' | 'mrr';
  @ApiProperty({ type: [Number] }) @IsArray() @IsInt({ each: true }) indexes!: number[];
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @IsNumber({}, { each: true }) weights?: number[];
}

export class LeaderboardColumnInputDto {
  @ApiProperty() @IsString() key!: string;
  @ApiProperty() @IsString() title!: string;
  @ApiProperty() @IsInt() @Min(0) index!: number;
  @ApiProperty({ enum: ['asc', 'desc'] }) @IsIn(['asc', 'desc']) sorting!: 'asc' | 'desc';
  @ApiPropertyOptional({ type: Number, default: 2 }) @IsOptional() @IsInt() @Min(0) precision: number = 2;
  @ApiPropertyOptional({ type: Boolean, default: false }) @IsOptional() @IsBoolean() hidden: boolean = false;
  @ApiPropertyOptional({ enum: ['avg', 'sum', 'min', 'max'] })
  @IsOptional()
  @IsIn(['avg', 'sum', 'min', 'max'])
  computation?: 'avg' | 'sum' | 'min' | 'max';
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  computationIndexes?: number[];
  @ApiPropertyOptional({ type: RankAggregateDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RankAggregateDto)
  rankAggregate?: RankAggregateDto;
  @ApiPropertyOptional() @IsOptional() @IsString() group?: string;
}

export class LeaderboardInputDto {
  @ApiProperty() @IsString() title!: string;
  @ApiPropertyOptional({ type: Boolean, default: false }) @IsOptional() @IsBoolean() hidden: boolean = false;
  @ApiPropertyOptional({ type: Number, default: 0, description: 'Index of the column that ranks' })
  @IsOptional()
  @IsInt()
  @Min(0)
  primaryIndex: number = 0;
  @ApiPropertyOptional({ enum: SUBMISSION_RULES, default: 'Add' })
  @IsOptional()
  @IsIn(SUBMISSION_RULES)
  submissionRule: string = 'Add';
  @ApiProperty({ type: [LeaderboardColumnInputDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LeaderboardColumnInputDto)
  columns!: LeaderboardColumnInputDto[];
}

export class PageInputDto {
  @ApiProperty() @IsString() @MaxLength(255) title!: string;
  @ApiProperty({ description: 'Markdown or HTML' }) @IsString() content!: string;
}

export class PagesInputDto {
  @ApiProperty({ type: [PageInputDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PageInputDto)
  pages!: PageInputDto[];
}
