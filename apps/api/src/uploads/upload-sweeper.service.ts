import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@api/clock/clock';
import { BlobStore } from '@api/storage/blob-store';
import { UploadsRepository } from './uploads.repository';

/** Uploads idle this long (no part, complete or use) are abandoned: rows and stored parts or objects go. */
export const UPLOAD_IDLE_MS = 24 * 60 * 60 * 1000;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const BATCH = 100;

@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UploadSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly repo: UploadsRepository,
    private readonly store: BlobStore,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: unknown) => this.logger.warn(`upload sweep failed: ${(e as Error).message}`));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** Removes what has been idle for a day; returns how many uploads. One sweep at a time per process. */
  sweep(): Promise<number> {
    this.sweeping ??= this.run().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async run(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - UPLOAD_IDLE_MS);
    let removed = 0;
    for (;;) {
      const idle = await this.repo.idleSince(cutoff, BATCH);
      for (const upload of idle) {
        // The row goes first: one touched meanwhile stays, with its parts.
        if (!(await this.repo.deleteIdle(upload.id, cutoff))) continue;
        if (upload.status === 'open') await this.store.abortParts(upload.storageKey, upload.storeSession);
        else await this.store.delete([upload.storageKey]);
        removed++;
      }
      if (idle.length < BATCH) return removed;
    }
  }
}
