import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateSubmissionDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A zip: predictions (results) or code' })
  file!: unknown;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ description: 'Submit on behalf of this team (the caller must be a member): the team\'s limits apply' })
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
  @ApiProperty({ nullable: true, type: Number }) exitCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) failureCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty({ nullable: true, type: String }) workerName!: string | null;
}

export class SubmissionDto {
  @ApiProperty() id!: string;
  @ApiProperty() competitionId!: string;
  @ApiProperty() phaseId!: string;
  @ApiProperty({ nullable: true, type: String }) teamId!: string | null;
  @ApiProperty({ enum: ['submitted', 'queued', 'running', 'finished', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty() description!: string;
  @ApiProperty() fileSize!: number;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'number' } }) scores!: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String }) failureCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiPropertyOptional({ type: [RunDto] }) runs?: RunDto[];
}
