import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, LessThan } from 'typeorm';
import { UploadPartEntity } from './entities/upload-part.entity';
import { UploadEntity } from './entities/upload.entity';

@Injectable()
export class UploadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(upload: UploadEntity): Promise<void> {
    await this.db.getRepository(UploadEntity).insert(upload);
  }

  find(id: string): Promise<UploadEntity | null> {
    return this.db.getRepository(UploadEntity).findOne({ where: { id } });
  }

  async parts(uploadId: string, m: EntityManager = this.db.manager): Promise<UploadPartEntity[]> {
    return m.getRepository(UploadPartEntity).find({ where: { uploadId }, order: { index: 'ASC' } });
  }

  /** Records a stored part; sending it again replaces its ETag (S3 keeps the last one sent for a part number). */
  async savePart(uploadId: string, index: number, etag: string | null, now: Date): Promise<void> {
    await this.db.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(UploadPartEntity)
        .values({ uploadId, index, etag })
        .orUpdate(['etag'], ['upload_id', 'index'])
        .execute();
      await m.update(UploadEntity, { id: uploadId }, { updatedAt: now });
    });
  }

  /**
   * Completes an open upload under a row lock, so that two completes at once do not both join the parts: `join`
   * runs once, with the stored parts; the upload is complete when it returns. Returns the upload as it is after.
   */
  async completeLocked(
    id: string,
    now: Date,
    join: (upload: UploadEntity, parts: UploadPartEntity[]) => Promise<void>,
  ): Promise<UploadEntity | null> {
    return this.db.transaction(async (m) => {
      const upload = await m
        .getRepository(UploadEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!upload || upload.status !== 'open') {
        return upload;
      }
      await join(upload, await this.parts(id, m));
      await m.update(UploadEntity, { id }, { status: 'complete', updatedAt: now });
      return { ...upload, status: 'complete', updatedAt: now };
    });
  }

  /** Takes a complete upload for one use; false when it was used (or is being used) already. */
  async claim(id: string, idempotencyKey: string | null, now: Date): Promise<boolean> {
    const r = await this.db
      .getRepository(UploadEntity)
      .update({ id, status: 'complete' }, { status: 'consumed', consumedKey: idempotencyKey, updatedAt: now });
    return (r.affected ?? 0) > 0;
  }

  /** Gives a claimed upload back when the request that used it failed, so that it can be used again. */
  async release(id: string): Promise<void> {
    await this.db
      .getRepository(UploadEntity)
      .update({ id, status: 'consumed' }, { status: 'complete', consumedKey: null });
  }

  /** The owner's uploads not yet used (open or complete), least recently touched first. */
  pendingOf(ownerId: string): Promise<UploadEntity[]> {
    return this.db
      .getRepository(UploadEntity)
      .find({ where: { ownerId, status: In(['open', 'complete']) }, order: { updatedAt: 'ASC' } });
  }

  idleSince(cutoff: Date, limit: number): Promise<UploadEntity[]> {
    return this.db
      .getRepository(UploadEntity)
      .find({ where: { updatedAt: LessThan(cutoff) }, order: { updatedAt: 'ASC' }, take: limit });
  }

  /** Deletes the row (its parts cascade) unless it was touched after `cutoff` meanwhile. */
  async deleteIdle(id: string, cutoff: Date): Promise<boolean> {
    const r = await this.db.getRepository(UploadEntity).delete({ id, updatedAt: LessThan(cutoff) });
    return (r.affected ?? 0) > 0;
  }
}
