import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const UPLOAD_PURPOSES = ['submission', 'bundle'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];
/** open: parts arriving; complete: the object is whole in storage; consumed: a submission or competition used it. */
export type UploadStatus = 'open' | 'complete' | 'consumed';

const bigint = { to: (v: number) => v, from: (v: string) => Number(v) };

/** A file sent in parts over many requests (resumable), stored as one object at `storageKey` once complete. */
@Entity('uploads')
export class UploadEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  @Column({ type: 'text' }) filename!: string;
  @Column({ type: 'bigint', transformer: bigint }) size!: number;
  @Column({ type: 'text' }) purpose!: UploadPurpose;
  @Column({ name: 'part_size', type: 'int' }) partSize!: number;
  @Column({ name: 'part_count', type: 'int' }) partCount!: number;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  /** The storage's session for the parts: the S3 multipart upload id, or the local parts file. */
  @Column({ name: 'store_session', type: 'text' }) storeSession!: string;
  @Column({ type: 'text' }) status!: UploadStatus;
  /** The Idempotency-Key of the request that consumed it: a retry with the same key is answered, not refused. */
  @Column({ name: 'consumed_key', type: 'text', nullable: true }) consumedKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Last activity (a part received, completed, consumed): the sweep removes uploads idle for a day. */
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
