import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A board's history reads the phase's finished submissions in finish order (LeaderboardReadRepository.history):
 * this partial index can hand them over already in that order (finish time, then id), without a sort of the phase.
 */
export class LeaderboardHistoryIndex1763940000000 implements MigrationInterface {
  name = 'LeaderboardHistoryIndex1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX submissions_phase_finished_idx ON submissions (phase_id, finished_at, id) WHERE status = 'finished'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX submissions_phase_finished_idx');
  }
}
