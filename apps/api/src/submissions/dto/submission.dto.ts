import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateSubmissionDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description: 'A zip: predictions (results) or code. Or send uploadId',
  })
  file?: unknown;

  @ApiPropertyOptional({
    description: 'Instead of file: a completed upload of the caller (purpose submission), used once',
  })
  @IsOptional()
  @IsUUID()
  uploadId?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    description: 'JSON object of answers to the competition\'s fact sheet, e.g. {"open_source": true, "method": "gbm"}',
    example: '{"open_source": true}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  factSheet?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: "Where the competition asks for submission metadata: the method's name",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  methodName?: string;

  @ApiPropertyOptional({
    maxLength: 5000,
    description: 'Where the competition asks for submission metadata: the method',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  methodDescription?: string;

  @ApiPropertyOptional({
    description: 'Where the competition asks for submission metadata: an http(s) link to the code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  codeUrl?: string;

  @ApiPropertyOptional({
    description: 'Where the competition asks for submission metadata: an http(s) link to the paper',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  paperUrl?: string;

  @ApiPropertyOptional({
    description: "Submit on behalf of this team (the caller must be a member): the team's limits apply",
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'Usage of this team instead of the caller' })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class LimitCountDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null: unlimited' }) max!: number | null;
  @ApiProperty() count!: number;
}

export class DailyLimitDto extends LimitCountDto {
  @ApiProperty({ description: 'End of the current day in the competition time zone' }) resetsAt!: Date;
}

export class SubmissionUsageDto {
  @ApiProperty({ enum: ['upcoming', 'open', 'ended'] }) phaseState!: string;
  @ApiProperty({ example: 'Pacific/Auckland' }) timeZone!: string;
  @ApiProperty() countFailedSubmissions!: boolean;
  @ApiProperty({ description: 'The caller organizes the competition: limits do not apply' }) bypassLimits!: boolean;
  @ApiProperty({ type: DailyLimitDto }) perDay!: DailyLimitDto;
  @ApiProperty({ type: LimitCountDto }) total!: LimitCountDto;
  @ApiProperty({ type: LimitCountDto }) concurrent!: LimitCountDto;
}

export class LimitRefusalDto {
  @ApiProperty({ example: 429 }) statusCode!: number;
  @ApiProperty({ example: 'rate_limited' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({
    example: { limit: 'per_day', max: 5, count: 5, resetsAt: '2026-01-01T11:00:00.000Z', timeZone: 'Pacific/Auckland' },
  })
  details!: Record<string, unknown>;
}

export class RunDto {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'finished', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) elapsedMs!: number | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    properties: { prediction: { type: 'number' }, scoring: { type: 'number' } },
    description: 'Milliseconds of each step that ran: prediction (ingestion or code submission) and scoring',
  })
  stepsMs!: { prediction?: number; scoring?: number } | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'What the scoring program wrote beside the leaderboard columns that is not a number (details, per-case lists, ' +
      'nested objects), as written; for the submitter and the organizers, withheld with the scores while results are hidden',
  })
  extraScores!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Number }) exitCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) failureCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty({ nullable: true, type: String }) workerName!: string | null;
  @ApiProperty({ nullable: true, type: [String], description: 'GPUs the worker reported while running it' })
  workerGpus!: string[] | null;
  @ApiProperty({
    description: 'Waits for an organizer to run it (the competition does not run submissions automatically)',
  })
  held!: boolean;
}

/** The submitter's description of a submission, where the competition asks for it (enable_per_submission_metadata). */
export class SubmissionMetadataDto {
  @ApiPropertyOptional() methodName?: string;
  @ApiPropertyOptional() methodDescription?: string;
  @ApiPropertyOptional() codeUrl?: string;
  @ApiPropertyOptional() paperUrl?: string;
}

export class SubmissionDto {
  @ApiProperty() id!: string;
  @ApiProperty() competitionId!: string;
  @ApiProperty() phaseId!: string;
  @ApiProperty({ nullable: true, type: String }) teamId!: string | null;
  @ApiProperty({ enum: ['submitted', 'queued', 'running', 'finished', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty() description!: string;
  @ApiProperty() fileSize!: number;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'number' } }) scores!: Record<
    string,
    number
  > | null;
  @ApiProperty({ nullable: true, type: String }) failureCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The submission this one re-runs; re-runs do not count against limits',
  })
  rerunOf!: string | null;
  @ApiProperty({ description: 'Made public by its owner: other signed-in users may read this detail' })
  isPublic!: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
    description: 'Fact-sheet answers: shown to the owner and the organizers only',
  })
  factSheet?: Record<string, boolean | string> | null;
  @ApiProperty({
    nullable: true,
    type: SubmissionMetadataDto,
    description: 'Method name and description, code and paper links',
  })
  metadata!: SubmissionMetadataDto | null;
  @ApiPropertyOptional({ type: [RunDto] }) runs?: RunDto[];
  @ApiPropertyOptional({
    description:
      "The submitter's username; a pseudonym for other readers of a public submission of an anonymous competition",
  })
  submitter?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The team's name, for a team submission (a pseudonym, and teamId null, where submitter is one)",
  })
  teamName?: string | null;
}

export class RerunPhaseDto {
  @ApiProperty({ description: 'The new submissions, one per re-run submission that had ended (finished or failed)' })
  count!: number;
  @ApiProperty({ type: [SubmissionDto] }) submissions!: SubmissionDto[];
}

export class SetVisibilityDto {
  @ApiProperty({ description: 'true: any signed-in user may read the detail (not the files); false: private again' })
  @IsBoolean()
  isPublic!: boolean;
}

export class RerunSubmissionDto {
  @ApiPropertyOptional({ description: 'Re-run in this phase of the same competition instead of its own' })
  @IsOptional()
  @IsUUID()
  phaseId?: string;
}

export class RerunPhaseOptionsDto {
  @ApiPropertyOptional({
    enum: ['finished', 'failed', 'cancelled'],
    isArray: true,
    description: 'Which ended submissions to re-run (default: finished and failed)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['finished', 'failed', 'cancelled'], { each: true })
  statuses?: ('finished' | 'failed' | 'cancelled')[];
}
