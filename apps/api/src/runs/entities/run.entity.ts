import type { ScoreJob } from '@arena/worker-protocol';

/** The job as stored: everything but its token, which is minted when the job is published and kept only hashed. */
export type StoredJob = Omit<ScoreJob, 'token'>;
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A JSON value as jsonb gives it back. */
export type JsonValue = string | number | boolean | null | object;

export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['finished', 'failed', 'cancelled'];

/** One execution of a submission on one task of its phase; a worker reports into it with the run's token. */
@Entity('runs')
export class RunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'submission_id', type: 'uuid' }) submissionId!: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId!: string;
  @Column({ type: 'int', default: 1 }) attempt!: number;
  @Column({ type: 'text' }) status!: RunStatus;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ type: 'text' }) queue!: string;
  /** The organizer queue's vhost, or null for the platform's default vhost. */
  @Column({ type: 'text', nullable: true }) vhost!: string | null;
  /** The job message as published, so an unpublished job can be sent again unchanged. */
  @Column({ type: 'jsonb' }) job!: StoredJob;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  /** Not dispatched until an organizer runs it (the competition does not run submissions automatically). */
  @Column({ name: 'held_at', type: 'timestamptz', nullable: true }) heldAt?: Date | null;
  /**
   * A run of a task added to the phase after its submission ended (benchmark mode): its end merges its scores into
   * the submission's and leaves the submission's status alone.
   */
  @Column({ name: 'added_task', type: 'boolean', default: false }) addedTask?: boolean;
  @Column({ name: 'worker_name', type: 'text', nullable: true }) workerName!: string | null;
  /** The GPUs the worker reported at its last start or heartbeat (empty: none; null: not reported). */
  @Column({ name: 'worker_gpus', type: 'text', array: true, nullable: true }) workerGpus!: string[] | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) scores!: Record<string, number> | null;
  @Column({ name: 'unknown_score_keys', type: 'jsonb', nullable: true }) unknownScoreKeys!: string[] | null;
  /** Keys of the scores file that no column names and that are not numbers, as written (null: none, or not finished). */
  @Column({ name: 'extra_scores', type: 'jsonb', nullable: true }) extraScores?: Record<string, JsonValue> | null;
  @Column({ name: 'exit_code', type: 'int', nullable: true }) exitCode!: number | null;
  @Column({ name: 'elapsed_ms', type: 'int', nullable: true }) elapsedMs!: number | null;
  /** Wall-clock time of each step that ran: prediction (ingestion or code submission) and scoring. */
  @Column({ name: 'steps_ms', type: 'jsonb', nullable: true }) stepsMs!: {
    prediction?: number;
    scoring?: number;
  } | null;
  @Column({ name: 'failure_code', type: 'text', nullable: true }) failureCode!: string | null;
  @Column({ name: 'failure_message', type: 'text', nullable: true }) failureMessage!: string | null;
  @Column({ name: 'output_key', type: 'text', nullable: true }) outputKey!: string | null;
  @Column({ name: 'stdout_key', type: 'text', nullable: true }) stdoutKey!: string | null;
  @Column({ name: 'stderr_key', type: 'text', nullable: true }) stderrKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}
