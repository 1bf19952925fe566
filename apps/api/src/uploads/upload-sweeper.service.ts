import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@api/clock/clock';
import { PeriodicSweep } from '@api/common/periodic-sweep';
import { BlobStore } from '@api/storage/blob-store';
import { UploadsRepository } from './uploads.repository';

/** Uploads idle this long (no part, complete or use) are abandoned: rows and stored parts or objects go. */
export const UPLOAD_IDLE_MS = 24 * 60 * 60 * 1000;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const BATCH = 100;

/** Removes what has been idle for a day; a sweep returns how many uploads it removed. */
@Injectable()
export class UploadSweeper extends PeriodicSweep<number> {
  protected readonly logger = new Logger(UploadSweeper.name);
  protected readonly sweepName = 'upload sweep';

  constructor(
    private readonly repo: UploadsRepository,
    private readonly store: BlobStore,
    private readonly clock: Clock,
  ) {
    super();
  }

  protected intervalMs(): number {
    return SWEEP_INTERVAL_MS;
  }

  protected async run(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - UPLOAD_IDLE_MS);
    let removed = 0;
    for (;;) {
      const idle = await this.repo.idleSince(cutoff, BATCH);
      for (const upload of idle) {
        // The row goes first: one touched meanwhile stays, with its parts.
        if (!(await this.repo.deleteIdle(upload.id, cutoff))) {
          continue;
        }
        if (upload.status === 'open') {
          await this.store.abortParts(upload.storageKey, upload.storeSession);
        } else {
          await this.store.delete([upload.storageKey]);
        }
        removed++;
      }
      if (idle.length < BATCH) {
        return removed;
      }
    }
  }
}
