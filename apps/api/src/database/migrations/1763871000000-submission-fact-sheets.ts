import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SubmissionFactSheets1763871000000 implements MigrationInterface {
  name = 'SubmissionFactSheets1763871000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions ADD COLUMN fact_sheet jsonb;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions DROP COLUMN fact_sheet;`);
  }
}
