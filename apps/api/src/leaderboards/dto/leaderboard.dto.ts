import { SubmissionMetadataDto } from '@api/submissions/dto/submission.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LeaderboardColumnDto } from '@api/competitions/dto/competition.dto';

export class LeaderboardRowDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Shared by tied rows; null when the primary score is missing',
  })
  rank!: number | null;
  @ApiProperty({ description: '1-based row order (ties broken by the earlier submission)' }) position!: number;
  @ApiProperty({
    description:
      "The entrant: the team's name for a team submission, else the owner's username. On an anonymous board, for " +
      'everyone but the organizers: the entrant\'s pseudonym ("Team 82", "Participant 417")',
  })
  participant!: string;
  @ApiProperty({ description: 'Username (on an anonymous board, pseudonym) of the member who made the submission' })
  submitter!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Team name (pseudonym) when the entrant is a team' })
  team!: string | null;
  @ApiPropertyOptional({
    description: "Organizers of an anonymous board only: the pseudonym participants see for this row's entrant",
  })
  pseudonym?: string;
  @ApiPropertyOptional({ description: 'In "my rank" answers: the row is the caller\'s own (or their team\'s)' })
  mine?: boolean;
  @ApiProperty() submissionId!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } })
  scores!: Record<string, number | null>;
  @ApiPropertyOptional({
    nullable: true,
    type: SubmissionMetadataDto,
    description:
      "Where the competition shows them on its boards: the submitter's method name and description, code and paper links",
  })
  metadata?: SubmissionMetadataDto | null;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Tasks added to the phase later (benchmark mode) that this submission is still being run on: their scores are to come',
  })
  pendingTasks?: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'boolean' }], nullable: true },
    description: 'Answers to the fact-sheet questions the competition shows on its leaderboard',
  })
  factSheet?: Record<string, string | boolean | null>;
}

export class FactSheetColumnDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
}

export class BoardFreshnessDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the board last took in finished results (ISO 8601); null before its first',
  })
  updatedAt!: string | null;
  @ApiProperty({
    description:
      'Finished results of the phase stored but not on the board yet (taken in within moments, or retried after ' +
      'an error until they are); always 0 under an Add* rule, where participants pick what the board shows',
  })
  pending!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the oldest pending result was stored; null when none is',
  })
  pendingSince!: string | null;
}

export class LeaderboardDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Key of the column that ranks the board' }) primaryKey!: string;
  @ApiProperty() submissionRule!: string;
  @ApiProperty({ description: 'Participants see no score until an organizer reveals them; rows are then empty' })
  resultsHidden!: boolean;
  @ApiProperty({
    description:
      'Anonymous board: everyone but the organizers sees entrants as pseudonyms, the same on every board of the ' +
      "competition; GET .../me marks the caller's own rows",
  })
  anonymous!: boolean;
  @ApiProperty({ description: 'Rows on the whole board' }) total!: number;
  @ApiProperty({ type: [LeaderboardColumnDto] }) columns!: LeaderboardColumnDto[];
  @ApiProperty({
    type: [FactSheetColumnDto],
    description: 'Fact-sheet questions shown as columns (answers in rows[].factSheet)',
  })
  factSheetColumns!: FactSheetColumnDto[];
  @ApiProperty({
    description:
      'Each row links to its detailed results: GET /api/submissions/{rows[].submissionId}/detailed-results (any signed-in user)',
  })
  detailedResults!: boolean;
  @ApiProperty({ type: [LeaderboardRowDto] }) rows!: LeaderboardRowDto[];
  @ApiProperty({ type: BoardFreshnessDto, description: 'How current the board is' }) freshness!: BoardFreshnessDto;
}

export class PhaseLeaderboardsDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty() competitionId!: string;
  @ApiProperty({ type: [LeaderboardDto], description: 'Every leaderboard of the phase the caller may see' })
  leaderboards!: LeaderboardDto[];
}

export class MyRankDto {
  @ApiProperty() key!: string;
  @ApiProperty() resultsHidden!: boolean;
  @ApiProperty({ description: 'Entrants other than the caller are shown as pseudonyms (see LeaderboardDto.anonymous)' })
  anonymous!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: "The caller's best rank; null when not on the board" })
  rank!: number | null;
  @ApiProperty({ nullable: true, type: Number }) position!: number | null;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [LeaderboardColumnDto] }) columns!: LeaderboardColumnDto[];
  @ApiProperty({
    type: [LeaderboardRowDto],
    description: "The caller's row with its neighbours above and below; the caller's own rows have mine: true",
  })
  rows!: LeaderboardRowDto[];
  @ApiProperty({ type: BoardFreshnessDto, description: 'How current the board is' }) freshness!: BoardFreshnessDto;
}

export class LeaderboardHistoryPointDto {
  @ApiProperty({ description: 'Finish time (ISO 8601) of the submission that set this best' }) at!: string;
  @ApiProperty() best!: number;
}

export class LeaderboardHistoryDto {
  @ApiProperty({
    description: 'Key of the charted column: the primary one, or the first column a rank aggregate ranks by',
  })
  column!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['asc', 'desc'], description: 'asc: lower is better' }) sorting!: 'asc' | 'desc';
  @ApiProperty({
    type: [LeaderboardHistoryPointDto],
    description:
      'The best value on the board so far, one point each time a new best appeared (a step series); ' +
      'empty while results are hidden',
  })
  points!: LeaderboardHistoryPointDto[];
}

export class BoardPageQueryDto {
  @ApiPropertyOptional({ default: 100, maximum: 1000, description: 'Rows from the top' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class NeighboursQueryDto {
  @ApiPropertyOptional({ default: 5, maximum: 100, description: 'Rows above and below the caller' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  neighbours = 5;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format: 'csv' | 'json' = 'csv';
}

export class BoardKeyQueryDto {
  @ApiPropertyOptional({ description: 'Only this leaderboard of the phase; default: every board whose rule allows it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;
}

export class PickChangeDto {
  @ApiProperty() key!: string;
  @ApiProperty() onLeaderboard!: boolean;
}

export class PicksDto {
  @ApiProperty() submissionId!: string;
  @ApiProperty({ type: [PickChangeDto] }) leaderboards!: PickChangeDto[];
}

export class RebuildDto {
  @ApiProperty() boards!: number;
  @ApiProperty() phases!: number;
  @ApiProperty() entries!: number;
}

export class PhaseResultsDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty() resultsHidden!: boolean;
}
