import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StorageQuota1763872000000 implements MigrationInterface {
  name = 'StorageQuota1763872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE competitions ADD COLUMN storage_quota_mb int CHECK (storage_quota_mb > 0);
      CREATE INDEX submissions_competition_owner_idx ON submissions (competition_id, owner_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP INDEX submissions_competition_owner_idx; ALTER TABLE competitions DROP COLUMN storage_quota_mb;`,
    );
  }
}
