import { ApiProperty } from '@nestjs/swagger';

export class QueueStatusDto {
  @ApiProperty({
    example: 'Platform queue',
    description: "The platform's queue, or a shared organizer queue by number (their names are not public)",
  })
  label!: string;
  @ApiProperty({ description: 'Jobs published and waiting for a worker (held runs are not counted)' })
  jobsWaiting!: number;
  @ApiProperty() jobsRunning!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Workers consuming the queue now; null when the broker could not be asked',
  })
  workersOnline!: number | null;
  @ApiProperty({ description: 'Runs that started in the last hour' }) startedLastHour!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median seconds from a run being queued to its start, over the runs started in the last hour',
  })
  medianWaitSecLastHour!: number | null;
}

export class PlatformStatusDto {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: [QueueStatusDto] }) queues!: QueueStatusDto[];
}

export class CompetitionQueueStatusDto extends QueueStatusDto {
  @ApiProperty({ description: "The competition's queue: its organizer queue's name, or the platform's" })
  queueName!: string;
  @ApiProperty({ description: "Whether the jobs go to the platform's queue rather than an organizer queue" })
  platformQueue!: boolean;
  @ApiProperty({ description: "This competition's jobs waiting" }) competitionJobsWaiting!: number;
  @ApiProperty({ description: "This competition's jobs running" }) competitionJobsRunning!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Median wait of this competition's runs started in the last hour",
  })
  competitionMedianWaitSecLastHour!: number | null;
}

export class CompetitionStatusDto {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: CompetitionQueueStatusDto }) queue!: CompetitionQueueStatusDto;
}
