import { ApiProperty } from '@nestjs/swagger';

export class InsightTotalsDto {
  @ApiProperty({ description: 'Approved participants' }) registered!: number;
  @ApiProperty({ description: 'Submissions made by participants (organizer re-runs left out)' }) submissions!: number;
  @ApiProperty({ description: 'Users who submitted at least once' }) activeParticipants!: number;
  @ApiProperty({ description: 'Teams that submitted at least once' }) activeTeams!: number;
  @ApiProperty({ description: 'Users who submitted in the last 7 days' }) activeLast7Days!: number;
}

export class InsightDayDto {
  @ApiProperty({ example: '2026-11-30', description: "A day in the competition's time zone" }) day!: string;
  @ApiProperty() submissions!: number;
  @ApiProperty({ description: 'Of which failed' }) failed!: number;
  @ApiProperty({ description: 'Distinct submitters that day' }) submitters!: number;
}

export class InsightFailureDto {
  @ApiProperty({ example: 'program_error', description: "The submission's failure code ('unknown' when none)" })
  cause!: string;
  @ApiProperty() count!: number;
}

export class HistogramBucketDto {
  @ApiProperty() fromSec!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: open ended' }) toSec!: number | null;
  @ApiProperty() count!: number;
}

export class DistributionDto {
  @ApiProperty({ description: 'Runs measured' }) count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds; null without runs' }) p50!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p99!: number | null;
  @ApiProperty({ type: Number, nullable: true }) max!: number | null;
  @ApiProperty({ type: [HistogramBucketDto] }) histogram!: HistogramBucketDto[];
}

export class ScorePointDto {
  @ApiProperty() at!: string;
  @ApiProperty() best!: number;
}

export class ScoreProgressDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty() phaseName!: string;
  @ApiProperty({ description: "The board's key" }) board!: string;
  @ApiProperty({ description: 'The charted column' }) column!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['asc', 'desc'], description: 'asc: lower is better' }) sorting!: 'asc' | 'desc';
  @ApiProperty({ type: [ScorePointDto], description: 'The best value so far, one point per new best' })
  points!: ScorePointDto[];
}

export class InsightDto {
  @ApiProperty() competitionId!: string;
  @ApiProperty({ description: 'The time zone days are counted in' }) timeZone!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: InsightTotalsDto }) totals!: InsightTotalsDto;
  @ApiProperty({ type: [InsightDayDto], description: 'Days with at least one submission, oldest first' })
  submissionsPerDay!: InsightDayDto[];
  @ApiProperty({ type: [InsightFailureDto], description: 'Failed submissions by cause, most frequent first' })
  failures!: InsightFailureDto[];
  @ApiProperty({ type: DistributionDto, description: "From a run's creation to its start on a worker" })
  queueWait!: DistributionDto;
  @ApiProperty({ type: DistributionDto, description: 'Runs that ended: time on the worker' })
  runTime!: DistributionDto;
  @ApiProperty({
    type: [ScoreProgressDto],
    description: "Per phase, the best entry's score over time on its first board",
  })
  scoreProgress!: ScoreProgressDto[];
}
