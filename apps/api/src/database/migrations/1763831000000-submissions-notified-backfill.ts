import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Submissions that ended before notifications existed are not mailed about now. */
export class SubmissionsNotifiedBackfill1763831000000 implements MigrationInterface {
  name = 'SubmissionsNotifiedBackfill1763831000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE submissions SET notified_at = coalesce(finished_at, now()) WHERE status IN ('finished', 'failed', 'cancelled')`,
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: the column goes with AccountsRolesLimits1763830000000.
  }
}
