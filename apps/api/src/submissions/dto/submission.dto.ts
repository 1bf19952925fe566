import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateSubmissionDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A zip: predictions (results) or code' })
  file!: unknown;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
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
