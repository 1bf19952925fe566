import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RunLeases1763850000000 implements MigrationInterface {
  name = 'RunLeases1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE runs ADD COLUMN lease_expires_at timestamptz;
      CREATE INDEX runs_lease_idx ON runs (lease_expires_at) WHERE status = 'running';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX runs_lease_idx; ALTER TABLE runs DROP COLUMN lease_expires_at;`);
  }
}
