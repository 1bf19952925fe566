import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RunStepTimes1763860000000 implements MigrationInterface {
  name = 'RunStepTimes1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs ADD COLUMN steps_ms jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs DROP COLUMN steps_ms`);
  }
}
