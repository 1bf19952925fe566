import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Status only moves forward along this list (cancelled and failed are ends, as is finished). */
export const SUBMISSION_STATUSES = ['submitted', 'queued', 'running', 'finished', 'failed', 'cancelled'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const FINAL_SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['finished', 'failed', 'cancelled'];

/** What a submitter tells of a submission (CodaLab enable_per_submission_metadata; EvalAI's method and links). */
export interface SubmissionMetadata {
  methodName?: string;
  methodDescription?: string;
  codeUrl?: string;
  paperUrl?: string;
}

@Entity('submissions')
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ name: 'phase_id', type: 'uuid' }) phaseId!: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  /** Set when made on behalf of a team: limits and leaderboards then count the team (see entrantOf). */
  @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId!: string | null;
  /** The submission this one re-runs (an organizer re-run or an auto-migration): it does not count against limits. */
  @Column({ name: 'rerun_of', type: 'uuid', nullable: true }) rerunOf!: string | null;
  /** Made public by its owner where the competition allows it: others may read its detail. */
  @Column({ name: 'is_public', type: 'boolean', default: false }) isPublic!: boolean;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey!: string | null;
  @Column({ type: 'text' }) status!: SubmissionStatus;
  @Column({ name: 'file_key', type: 'text' }) fileKey!: string;
  @Column({ name: 'file_size', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  fileSize!: number;
  @Column({ type: 'text', default: '' }) description!: string;
  /** Answers to the competition's fact sheet, validated against it when submitted. */
  @Column({ name: 'fact_sheet', type: 'jsonb', nullable: true }) factSheet!: Record<string, boolean | string> | null;
  /** Scores of all the phase's tasks, set only once every run ended and the scores are stored. */
  /** The submitter's description of the submission, where the competition asks for it. */
  @Column({ type: 'jsonb', nullable: true }) metadata?: SubmissionMetadata | null;
  @Column({ type: 'jsonb', nullable: true }) scores!: Record<string, number> | null;
  @Column({ name: 'failure_code', type: 'text', nullable: true }) failureCode!: string | null;
  @Column({ name: 'failure_message', type: 'text', nullable: true }) failureMessage!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  /** When the owner was told (or chose not to be told) that the submission ended. */
  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true }) notifiedAt!: Date | null;
}
