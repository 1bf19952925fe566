import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Board obligations that survive a crash: `leaderboard_arrivals` holds each finished submission whose phase's boards
 * have not yet taken it in. The row is inserted in the transaction that marks the submission finished and deleted in
 * the one that ranks it onto every board of its phase (LeaderboardMaintainer), so a result is never finished without
 * either being on the boards or waiting to be. A failed attempt stays, with its count, its next attempt and its error.
 *
 * `leaderboard_versions.applied_at`: when the board last took in results (whether or not its rows moved), for
 * readers to see how current it is.
 *
 * Announcements on `arena_changes` (CacheCoherence, LiveLogHub): `arrivals` when results wait (the boards' pending
 * counts moved), `run_log:<run id>` when a live log chunk is stored, `submission_ended:<id>` when a submission reaches
 * a final status. Row-level for the last two: followers of one run are woken, not everyone's.
 */
export class LeaderboardArrivals1764020000000 implements MigrationInterface {
  name = 'LeaderboardArrivals1764020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE leaderboard_arrivals (
        submission_id uuid PRIMARY KEY REFERENCES submissions(id) ON DELETE CASCADE,
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        arrived_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text
      );
      CREATE INDEX leaderboard_arrivals_phase_idx ON leaderboard_arrivals (phase_id, arrived_at);
      CREATE INDEX leaderboard_arrivals_due_idx ON leaderboard_arrivals (next_attempt_at);

      ALTER TABLE leaderboard_versions ADD COLUMN applied_at timestamptz;
      UPDATE leaderboard_versions SET applied_at = updated_at;

      CREATE TRIGGER leaderboard_arrivals_notify_change AFTER INSERT ON leaderboard_arrivals
        FOR EACH STATEMENT EXECUTE FUNCTION arena_notify_change('arrivals');

      CREATE FUNCTION arena_notify_run_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('arena_changes', 'run_log:' || NEW.run_id);
        RETURN NULL;
      END $$;
      CREATE TRIGGER run_log_chunks_notify AFTER INSERT ON run_log_chunks
        FOR EACH ROW EXECUTE FUNCTION arena_notify_run_log();

      CREATE FUNCTION arena_notify_submission_ended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('arena_changes', 'submission_ended:' || NEW.id);
        RETURN NULL;
      END $$;
      CREATE TRIGGER submissions_notify_ended AFTER UPDATE OF status ON submissions
        FOR EACH ROW WHEN (NEW.status IN ('finished', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION arena_notify_submission_ended();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER submissions_notify_ended ON submissions; DROP FUNCTION arena_notify_submission_ended();
      DROP TRIGGER run_log_chunks_notify ON run_log_chunks; DROP FUNCTION arena_notify_run_log();
      DROP TRIGGER leaderboard_arrivals_notify_change ON leaderboard_arrivals;
      ALTER TABLE leaderboard_versions DROP COLUMN applied_at;
      DROP TABLE leaderboard_arrivals;
    `);
  }
}
