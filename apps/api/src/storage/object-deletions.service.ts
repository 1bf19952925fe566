import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PeriodicSweep } from '@api/common/periodic-sweep';
import { BlobStore } from './blob-store';

const BATCH = 1000;

/**
 * Removal of stored objects whose rows were deleted: the keys are queued (storage_deletions) in the transaction that
 * deletes the rows, removed from the store once it committed, and the queue retried every minute while the store
 * refuses. Rows and the queue commit together, so an object is never left that neither a row nor the queue names.
 */
@Injectable()
export class ObjectDeletions extends PeriodicSweep<number> {
  protected readonly logger = new Logger(ObjectDeletions.name);
  protected readonly sweepName = 'stored object deletion';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: BlobStore,
  ) {
    super();
  }

  protected intervalMs(): number {
    return 60_000;
  }

  /** Queues the keys in the caller's transaction. */
  async queue(m: EntityManager, keys: string[]): Promise<void> {
    const unique = [...new Set(keys.filter(Boolean))];
    if (unique.length === 0) {
      return;
    }
    await m.query('INSERT INTO storage_deletions (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [unique]);
  }

  /** Removes the queued keys from the store (after their rows' transaction committed); false when the store refused. */
  async remove(keys: string[]): Promise<boolean> {
    const unique = [...new Set(keys.filter(Boolean))];
    for (let i = 0; i < unique.length; i += BATCH) {
      const batch = unique.slice(i, i + BATCH);
      try {
        await this.store.delete(batch);
        await this.db.query('DELETE FROM storage_deletions WHERE key = ANY($1::text[])', [batch]);
      } catch (e) {
        const message = (e as Error).message;
        this.logger.warn(`${batch.length} stored object(s) not deleted yet (retried every minute): ${message}`);
        await this.db.query(
          'UPDATE storage_deletions SET attempts = attempts + 1, last_error = $2 WHERE key = ANY($1::text[])',
          [batch, message.slice(0, 500)],
        );
        return false;
      }
    }
    return true;
  }

  /** Keys still queued (the store refused them so far). */
  async pending(): Promise<number> {
    const [r]: { n: number }[] = await this.db.query('SELECT count(*)::int AS n FROM storage_deletions');
    return r.n;
  }

  protected async run(): Promise<number> {
    const rows: { key: string }[] = await this.db.query(
      'SELECT key FROM storage_deletions ORDER BY queued_at LIMIT $1',
      [BATCH],
    );
    if (rows.length) {
      await this.remove(rows.map((r) => r.key));
    }
    return rows.length;
  }
}
