import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('phases')
export class PhaseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ type: 'int' }) index!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ name: 'start_at', type: 'timestamptz' }) startAt!: Date;
  @Column({ name: 'end_at', type: 'timestamptz', nullable: true }) endAt!: Date | null;
  @Column({ name: 'execution_time_limit_sec', type: 'int' }) executionTimeLimitSec!: number;
  @Column({ name: 'max_submissions_per_day', type: 'int', nullable: true }) maxSubmissionsPerDay!: number | null;
  @Column({ name: 'max_submissions', type: 'int', nullable: true }) maxSubmissions!: number | null;
  /** Task ids in the order the bundle lists them. */
  @Column({ name: 'task_ids', type: 'uuid', array: true }) taskIds!: string[];
  /** Participants see no scores of this phase until an organizer reveals them (v1 `hide_results`). */
  /** Its runs need GPU workers (as if its queue required them). */
  @Column({ name: 'requires_gpu', type: 'boolean', default: false }) requiresGpu!: boolean;
  @Column({ name: 'results_hidden', type: 'boolean', default: false }) resultsHidden!: boolean;
}
