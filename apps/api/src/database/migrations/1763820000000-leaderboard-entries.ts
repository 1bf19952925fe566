import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The maintained leaderboard: one row per submission on a board of a phase, with its rank and row position already
 * computed, so that a read is one indexed range scan. Picks are the participants' own choices (the Add* rules).
 */
export class LeaderboardEntries1763820000000 implements MigrationInterface {
  name = 'LeaderboardEntries1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE phases ADD COLUMN results_hidden boolean NOT NULL DEFAULT false;

      CREATE TABLE leaderboard_entries (
        leaderboard_id uuid NOT NULL REFERENCES leaderboards(id) ON DELETE CASCADE,
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        entrant_id uuid NOT NULL,
        submitted_at timestamptz NOT NULL,
        rank int,
        position int NOT NULL,
        scores jsonb NOT NULL,
        column_ranks jsonb NOT NULL,
        PRIMARY KEY (leaderboard_id, phase_id, submission_id)
      );
      CREATE INDEX leaderboard_entries_position_idx ON leaderboard_entries (leaderboard_id, phase_id, position);
      CREATE INDEX leaderboard_entries_entrant_idx ON leaderboard_entries (leaderboard_id, phase_id, entrant_id);

      CREATE TABLE leaderboard_versions (
        leaderboard_id uuid NOT NULL REFERENCES leaderboards(id) ON DELETE CASCADE,
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        version bigint NOT NULL DEFAULT 0,
        entry_count int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (leaderboard_id, phase_id)
      );

      CREATE TABLE leaderboard_picks (
        leaderboard_id uuid NOT NULL REFERENCES leaderboards(id) ON DELETE CASCADE,
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        entrant_id uuid NOT NULL,
        picked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (leaderboard_id, submission_id)
      );
      CREATE INDEX leaderboard_picks_entrant_idx ON leaderboard_picks (leaderboard_id, phase_id, entrant_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE leaderboard_picks; DROP TABLE leaderboard_versions; DROP TABLE leaderboard_entries;
      ALTER TABLE phases DROP COLUMN results_hidden;
    `);
  }
}
