import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { Clock } from '@api/clock/clock';
import { ApiConfig } from '@api/config/api-config';
import { DomainError } from '@api/common/domain.error';
import { BlobStore } from '@api/storage/blob-store';
import type { UploadDto } from './dto/upload.dto';
import type { UploadEntity, UploadPurpose } from './entities/upload.entity';
import { MAX_PENDING_UPLOADS, missingParts, partCountOf, partRange, UPLOAD_PART_SIZE } from './upload-parts';
import {
  missingPartsError,
  partInterrupted,
  partLengthMismatch,
  partOutOfRange,
  uploadAlreadyUsed,
  uploadNotFound,
  uploadTooLarge,
  wrongPurpose,
} from './uploads.errors';
import { UploadsRepository } from './uploads.repository';

/** A part body as it arrives: the request stream and its Content-Length header, when the client sent one. */
export interface PartBody {
  stream: Readable;
  contentLength?: number;
}

/** What a consumer of a completed upload gets: a local file to read, as if it had been sent in the request. */
export interface UploadedFileCopy {
  path: string;
  size: number;
  filename: string;
  /** The upload's key in the store, for a consumer that keeps the file as it is (a copy within the store). */
  storageKey: string;
}

@Injectable()
export class UploadsService {
  constructor(
    private readonly repo: UploadsRepository,
    private readonly store: BlobStore,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, filename: string, size: number, purpose: UploadPurpose): Promise<UploadDto> {
    if (size <= 0) {
      throw new DomainError('bad_request', 'size must be at least 1 byte');
    }
    const [limit, setting] =
      purpose === 'bundle'
        ? [this.config.maxBundleBytes, 'MAX_BUNDLE_MB']
        : [this.config.maxSubmissionBytes, 'MAX_SUBMISSION_MB'];
    if (size > limit) {
      throw uploadTooLarge(size, limit, setting);
    }
    await this.makeRoom(user.id);
    const id = randomUUID();
    const storageKey = `uploads/${id}`;
    const storeSession = await this.store.startParts(storageKey, 'application/zip');
    const now = this.clock.now();
    const upload: UploadEntity = {
      id,
      ownerId: user.id,
      filename,
      size,
      purpose,
      partSize: UPLOAD_PART_SIZE,
      partCount: partCountOf(size),
      storageKey,
      storeSession,
      status: 'open',
      consumedKey: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insert(upload);
    return this.toDto(upload, []);
  }

  /**
   * A user holds at most MAX_PENDING_UPLOADS unused uploads (each may reserve storage up to the size limit): a new
   * one first abandons the least recently touched, as the 24 h sweep would, so abandoned uploads never lock anyone out.
   */
  private async makeRoom(ownerId: string): Promise<void> {
    const pending = await this.repo.pendingOf(ownerId);
    for (const upload of pending.slice(0, Math.max(0, pending.length - MAX_PENDING_UPLOADS + 1))) {
      // Only if untouched since it was read: a part arriving meanwhile keeps it.
      if (!(await this.repo.deleteIdle(upload.id, new Date(upload.updatedAt.getTime() + 1)))) {
        continue;
      }
      if (upload.status === 'open') {
        await this.store.abortParts(upload.storageKey, upload.storeSession);
      } else {
        await this.store.delete([upload.storageKey]);
      }
    }
  }

  async get(user: AuthUser, id: string): Promise<UploadDto> {
    const upload = await this.visible(user, id);
    return this.toDto(upload, await this.received(id));
  }

  /**
   * Stores part `index` as it streams in. A part already stored is not written again (a retry after a lost response
   * is harmless, and a broken retry cannot damage a good part).
   */
  async putPart(user: AuthUser, id: string, index: number, body: PartBody): Promise<UploadDto> {
    const upload = await this.visible(user, id);
    if (!Number.isInteger(index) || index < 0 || index >= upload.partCount) {
      throw partOutOfRange(index, upload.partCount);
    }
    const range = partRange(upload.size, index, upload.partSize);
    if (body.contentLength !== undefined && body.contentLength !== range.size) {
      throw partLengthMismatch(index, range.size, body.contentLength);
    }
    const before = await this.received(id);
    if (upload.status !== 'open' || before.includes(index)) {
      return this.toDto(upload, before);
    }
    // Without a Content-Length the length is known only at the end: the part (at most partSize) is read first.
    const stream =
      body.contentLength === undefined
        ? Readable.from([await readAtMost(body.stream, range.size, index)])
        : body.stream;
    const checked = exactly(range.size, index);
    // pipeline, not pipe: a dropped connection must fail the store's write, not leave it waiting.
    pipeline(stream, checked).catch(() => undefined);
    let etag: string | null;
    try {
      etag = await this.store.putPart(upload.storageKey, upload.storeSession, { index, ...range }, checked);
    } catch (e) {
      // The client went away mid-part: nothing is recorded, and it resumes by sending the part again.
      if ((e as NodeJS.ErrnoException).code === 'ECONNRESET') {
        throw partInterrupted(index);
      }
      throw e;
    }
    await this.repo.savePart(id, index, etag, this.clock.now());
    return this.toDto(upload, await this.received(id));
  }

  async complete(user: AuthUser, id: string): Promise<UploadDto> {
    await this.visible(user, id);
    const done = await this.repo.completeLocked(id, this.clock.now(), async (upload, parts) => {
      const missing = missingParts(
        upload.partCount,
        parts.map((p) => p.index),
      );
      if (missing.length) {
        throw missingPartsError(id, missing);
      }
      await this.store.completeParts(upload.storageKey, upload.storeSession, parts);
    });
    if (!done || done.status === 'consumed') {
      throw uploadNotFound(id);
    }
    return this.toDto(done, await this.received(id));
  }

  /**
   * Uses the caller's completed upload once, as a file sent in the request would be: `use` gets a local copy
   * (streamed from storage). The upload is taken first, so two requests cannot both use it; when `use` fails it is
   * given back. A retry with the Idempotency-Key of the request that used it gets the same answer from `use`.
   */
  async useOnce<T>(
    user: AuthUser,
    id: string,
    purpose: UploadPurpose,
    idempotencyKey: string | undefined,
    use: (file: UploadedFileCopy) => Promise<T>,
  ): Promise<T> {
    const upload = await this.repo.find(id);
    if (!upload || upload.ownerId !== user.id) {
      throw uploadNotFound(id);
    }
    if (upload.purpose !== purpose) {
      throw wrongPurpose(id, upload.purpose, purpose);
    }
    if (upload.status === 'open') {
      throw missingPartsError(id, missingParts(upload.partCount, await this.received(id)));
    }
    const replay =
      upload.status === 'consumed' && idempotencyKey !== undefined && upload.consumedKey === idempotencyKey;
    if (!replay && !(await this.repo.claim(id, idempotencyKey ?? null, this.clock.now()))) {
      throw uploadAlreadyUsed(id);
    }
    let result: T;
    try {
      result = await this.withLocalCopy(upload, use);
    } catch (e) {
      if (!replay) {
        await this.repo.release(id);
      }
      throw e;
    }
    // Kept for a retry with the same Idempotency-Key until the sweep removes it; otherwise no longer needed.
    if (!idempotencyKey) {
      await this.store.delete([upload.storageKey]);
    }
    return result;
  }

  /**
   * The upload as a local file: the stored file itself on local storage (read only, never copied: a 2 GB bundle
   * took seconds to copy), else a copy streamed from storage into the upload folder, removed afterwards.
   */
  private async withLocalCopy<T>(upload: UploadEntity, use: (file: UploadedFileCopy) => Promise<T>): Promise<T> {
    const file = { size: upload.size, filename: upload.filename, storageKey: upload.storageKey };
    const stored = await this.store.localPath(upload.storageKey);
    if (stored) {
      return use({ ...file, path: stored });
    }
    await mkdir(this.config.uploadTmpDir, { recursive: true });
    const dir = await mkdtemp(join(this.config.uploadTmpDir, 'resumable-'));
    try {
      const path = join(dir, 'file.upload');
      await pipeline(await this.store.get(upload.storageKey), createWriteStream(path, { highWaterMark: 1024 * 1024 }));
      return await use({ ...file, path });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The caller's own upload, not yet used; anyone else's is not found. */
  private async visible(user: AuthUser, id: string): Promise<UploadEntity> {
    const upload = await this.repo.find(id);
    if (!upload || upload.ownerId !== user.id || upload.status === 'consumed') {
      throw uploadNotFound(id);
    }
    return upload;
  }

  private async received(id: string): Promise<number[]> {
    return (await this.repo.parts(id)).map((p) => p.index);
  }

  private toDto(u: UploadEntity, received: number[]): UploadDto {
    return {
      id: u.id,
      filename: u.filename,
      size: u.size,
      purpose: u.purpose,
      partSize: u.partSize,
      partCount: u.partCount,
      received,
      status: u.status === 'open' ? 'open' : 'complete',
    };
  }
}

/** Reads a body of unknown length, refusing it as soon as it is longer than the part. */
async function readAtMost(stream: Readable, expected: number, index: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += (chunk as Buffer).length;
    if (length > expected) {
      stream.destroy();
      throw partLengthMismatch(index, expected, length);
    }
    chunks.push(chunk as Buffer);
  }
  if (length !== expected) {
    throw partLengthMismatch(index, expected, length);
  }
  return Buffer.concat(chunks, length);
}

/** Passes exactly `expected` bytes or fails, so a short or long body never ends up stored as the part. */
function exactly(expected: number, index: number): Transform {
  let length = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      length += chunk.length;
      done(length > expected ? partLengthMismatch(index, expected, length) : null, chunk);
    },
    flush(done) {
      done(length === expected ? null : partLengthMismatch(index, expected, length));
    },
  });
}
