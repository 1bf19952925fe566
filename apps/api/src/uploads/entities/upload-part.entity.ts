import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A part stored for an open upload; its ETag is what S3 needs to complete the multipart upload. */
@Entity('upload_parts')
export class UploadPartEntity {
  @PrimaryColumn({ name: 'upload_id', type: 'uuid' }) uploadId!: string;
  @PrimaryColumn({ type: 'int' }) index!: number;
  @Column({ type: 'text', nullable: true }) etag!: string | null;
}
