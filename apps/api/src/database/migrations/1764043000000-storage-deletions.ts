import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored objects whose rows are gone (a deleted competition's files, datasets, submissions and outputs): queued in
 * the transaction that deletes the rows, removed from the store after it commits, and retried by a periodic sweep
 * until the store confirms. The rows go all at once; an object is never left without a row naming it or this queue.
 */
export class StorageDeletions1764043000000 implements MigrationInterface {
  name = 'StorageDeletions1764043000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage_deletions (
        key text PRIMARY KEY,
        queued_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE storage_deletions');
  }
}
