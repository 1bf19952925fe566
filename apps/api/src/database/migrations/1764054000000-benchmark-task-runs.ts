import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Benchmark mode: a task added to a phase later is run on submissions that already ended. Such a run is marked
 * `added_task`: its end merges its scores into its submission's (which stays finished) and sends the submission to
 * the boards again, instead of deciding the submission's status. The partial index serves the boards' "pending"
 * marks, which look only at added runs that have not ended.
 */
export class BenchmarkTaskRuns1764054000000 implements MigrationInterface {
  name = 'BenchmarkTaskRuns1764054000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs ADD COLUMN added_task boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX runs_added_task_pending_idx ON runs (submission_id, task_id)
        WHERE added_task AND status IN ('queued', 'running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX runs_added_task_pending_idx');
    await q.query('ALTER TABLE runs DROP COLUMN added_task');
  }
}
