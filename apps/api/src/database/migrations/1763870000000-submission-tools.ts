import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SubmissionTools1763870000000 implements MigrationInterface {
  name = 'SubmissionTools1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE submissions ADD COLUMN rerun_of uuid REFERENCES submissions(id) ON DELETE SET NULL;
      ALTER TABLE submissions ADD COLUMN is_public boolean NOT NULL DEFAULT false;
      CREATE INDEX submissions_rerun_of_idx ON submissions (rerun_of) WHERE rerun_of IS NOT NULL;
      CREATE INDEX submissions_file_key_idx ON submissions (file_key);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX submissions_file_key_idx;
      DROP INDEX submissions_rerun_of_idx;
      ALTER TABLE submissions DROP COLUMN is_public;
      ALTER TABLE submissions DROP COLUMN rerun_of;
    `);
  }
}
