import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

export class CreateQueueDto {
  @ApiProperty({ example: 'Lab GPU box' })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ default: false, description: 'Any organizer may send competitions to it' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Jobs need GPU workers; a worker without GPUs fails them with that reason',
  })
  @IsOptional()
  @IsBoolean()
  requiresGpu?: boolean;
}

export class UpdateQueueDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({ description: 'Jobs published from now on need GPU workers' })
  @IsOptional()
  @IsBoolean()
  requiresGpu?: boolean;
}

export class ShareQueueDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9._-]{2,40}$/)
  username!: string;
}

export class BindQueueDto {
  @ApiProperty({ nullable: true, type: String, description: 'A queue id, or null for the platform default queue' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  queueId!: string | null;
}

export class QueueDepthDto {
  @ApiProperty() ready!: number;
  @ApiProperty() unacked!: number;
  @ApiProperty() consumers!: number;
}

export class QueueDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() isPublic!: boolean;
  @ApiProperty({ description: 'Its jobs need GPU workers' }) requiresGpu!: boolean;
  @ApiProperty({ description: 'You own it' }) isOwner!: boolean;
  @ApiProperty() vhost!: string;
  @ApiProperty({ description: 'Queue name inside the vhost (WORKER_QUEUE)' }) jobQueue!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() credentialsIssuedAt!: Date;
  @ApiPropertyOptional({ type: QueueDepthDto, nullable: true }) depth?: QueueDepthDto | null;
}

export class QueueCredentialsDto extends QueueDto {
  @ApiProperty({ description: "Shown once: AMQP_URL for this queue's workers" }) brokerUrl!: string;
  @ApiProperty({ description: 'A docker run line for a worker on this queue' }) workerCommand!: string;
}

export class WorkerRunDto {
  @ApiProperty() runId!: string;
  @ApiProperty() submissionId!: string;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({
    nullable: true,
    type: [String],
    description: 'GPUs the worker reported in its last heartbeat (nvidia-smi names)',
  })
  gpus!: string[] | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Lease end minus the lease length' })
  lastHeartbeatAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) leaseExpiresAt!: Date | null;
}

export class QueueWorkerDto {
  @ApiProperty({ description: 'WORKER_NAME' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) hostname!: string | null;
  @ApiProperty({ nullable: true, type: String }) version!: string | null;
  @ApiProperty({ nullable: true, type: Date }) connectedSince!: Date | null;
  @ApiProperty({ description: "'none', 'all' or the GPU ids the worker passes to containers" }) gpus!: string;
  @ApiProperty({ type: [String], description: 'Names of the worker-local data it holds' }) localData!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ type: WorkerRunDto, nullable: true, description: 'The run it holds now' })
  currentRun!: WorkerRunDto | null;
}
