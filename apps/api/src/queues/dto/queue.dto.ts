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
  @ApiProperty({ description: 'You own it' }) isOwner!: boolean;
  @ApiProperty() vhost!: string;
  @ApiProperty({ description: 'Queue name inside the vhost (WORKER_QUEUE)' }) jobQueue!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() credentialsIssuedAt!: Date;
  @ApiPropertyOptional({ type: QueueDepthDto, nullable: true }) depth?: QueueDepthDto | null;
}

export class QueueCredentialsDto extends QueueDto {
  @ApiProperty({ description: 'Shown once: AMQP_URL for this queue\'s workers' }) brokerUrl!: string;
  @ApiProperty({ description: 'A docker run line for a worker on this queue' }) workerCommand!: string;
}
