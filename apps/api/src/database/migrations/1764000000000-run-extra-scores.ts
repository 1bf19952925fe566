import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a scoring program writes beside its leaderboard columns (nested details, per-case lists, text): kept with the
 * run for its submitter and the organizers instead of failing it, as Codabench ignores such keys.
 */
export class RunExtraScores1764000000000 implements MigrationInterface {
  name = 'RunExtraScores1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE runs ADD COLUMN extra_scores jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE runs DROP COLUMN extra_scores');
  }
}
