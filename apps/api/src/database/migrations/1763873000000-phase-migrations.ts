import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PhaseMigrations1763873000000 implements MigrationInterface {
  name = 'PhaseMigrations1763873000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE phase_migrations (
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        original_submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        submission_id uuid REFERENCES submissions(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (phase_id, original_submission_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE phase_migrations;`);
  }
}
