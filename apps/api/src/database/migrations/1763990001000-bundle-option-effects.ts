import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the competition options need stored: a team's approval (CodaLab `require_team_approval`; existing teams are
 * approved), runs held until an organizer runs them (Codabench `auto_run_submissions: false`), and the description a
 * submitter gives of a submission (CodaLab `enable_per_submission_metadata`).
 */
export class BundleOptionEffects1763990001000 implements MigrationInterface {
  name = 'BundleOptionEffects1763990001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE teams ADD COLUMN status text NOT NULL DEFAULT 'approved' CHECK (status IN ('pending', 'approved', 'denied'));
      ALTER TABLE runs ADD COLUMN held_at timestamptz;
      ALTER TABLE submissions ADD COLUMN metadata jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE submissions DROP COLUMN metadata;
      ALTER TABLE runs DROP COLUMN held_at;
      ALTER TABLE teams DROP COLUMN status;
    `);
  }
}
