import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import {
  FINAL_SUBMISSION_STATUSES,
  SubmissionEntity,
  type SubmissionStatus,
} from '@api/submissions/entities/submission.entity';
import { FINAL_RUN_STATUSES, RunEntity } from './entities/run.entity';

export type NewRun = Pick<
  RunEntity,
  'id' | 'submissionId' | 'taskId' | 'attempt' | 'status' | 'tokenHash' | 'queue' | 'job'
> & {
  vhost?: string | null;
  heldAt?: Date | null;
  addedTask?: boolean;
};

export type RunOutcome = Pick<
  RunEntity,
  'status' | 'scores' | 'unknownScoreKeys' | 'exitCode' | 'elapsedMs' | 'failureCode' | 'failureMessage'
> &
  Partial<Pick<RunEntity, 'stepsMs' | 'extraScores'>>;

/** Sole access to runs, and to the submission status changes that runs cause. */
@Injectable()
export class RunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get runs() {
    return this.db.getRepository(RunEntity);
  }

  /** The run a job token is for: one indexed lookup on every worker call. */
  async runIdForTokenHash(tokenHash: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM runs WHERE token_hash = $1', [tokenHash]);
    return rows[0]?.id ?? null;
  }

  find(id: string): Promise<RunEntity | null> {
    return this.runs.findOne({ where: { id } });
  }

  forSubmissions(submissionIds: string[]): Promise<RunEntity[]> {
    if (submissionIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.runs.find({ where: { submissionId: In(submissionIds) }, order: { createdAt: 'ASC' } });
  }

  forSubmission(submissionId: string): Promise<RunEntity[]> {
    return this.runs.find({ where: { submissionId }, order: { createdAt: 'ASC' } });
  }

  /** The queues (vhost, name) that hold runs waiting to be published. */
  async queuesWithWaitingRuns(): Promise<{ vhost: string | null; queue: string }[]> {
    return this.db.query(
      "SELECT DISTINCT vhost, queue FROM runs WHERE status = 'queued' AND published_at IS NULL AND held_at IS NULL",
    );
  }

  /**
   * The run to publish next on a queue: the oldest waiting run of the competition that has the fewest runs in flight
   * there (published and not ended), then the oldest such competition. One competition's burst therefore waits its
   * turn behind every other competition's next run.
   */
  async nextFairRun(vhost: string | null, queue: string): Promise<RunEntity | null> {
    const rows: { id: string }[] = await this.db.query(
      `WITH on_queue AS (
         SELECT r.id, r.status, r.published_at, r.held_at, r.created_at, s.competition_id
         FROM runs r JOIN submissions s ON s.id = r.submission_id
         WHERE r.queue = $1 AND r.vhost IS NOT DISTINCT FROM $2 AND r.status IN ('queued', 'running')
       ), in_flight AS (
         SELECT competition_id, count(*) AS n FROM on_queue
         WHERE status = 'running' OR published_at IS NOT NULL GROUP BY competition_id
       ), heads AS (
         SELECT DISTINCT ON (competition_id) id, competition_id, created_at FROM on_queue
         WHERE status = 'queued' AND published_at IS NULL AND held_at IS NULL ORDER BY competition_id, created_at, id
       )
       SELECT h.id FROM heads h LEFT JOIN in_flight f USING (competition_id)
       ORDER BY coalesce(f.n, 0), h.created_at, h.id LIMIT 1`,
      [queue, vhost],
    );
    return rows[0] ? this.find(rows[0].id) : null;
  }

  /**
   * Where a waiting run stands: runs published before it, plus the waiting runs the fair order puts first (its own
   * competition's older runs, and from every other competition as many as get a turn before it).
   */
  async queuePosition(runId: string): Promise<number | null> {
    const rows: { position: string | null }[] = await this.db.query(
      `WITH me AS (
         SELECT r.id, r.queue, r.vhost, r.created_at, s.competition_id FROM runs r JOIN submissions s ON s.id = r.submission_id
         WHERE r.id = $1 AND r.status = 'queued' AND r.held_at IS NULL
       ), waiting AS (
         SELECT r.id, r.created_at, r.published_at, s.competition_id FROM runs r JOIN submissions s ON s.id = r.submission_id, me
         WHERE r.queue = me.queue AND r.vhost IS NOT DISTINCT FROM me.vhost AND r.status = 'queued' AND r.held_at IS NULL
       ), mine_ahead AS (
         SELECT count(*) AS k FROM waiting w, me
         WHERE w.published_at IS NULL AND w.competition_id = me.competition_id AND (w.created_at, w.id) < (me.created_at, me.id)
       ), others AS (
         SELECT w.competition_id, count(*) AS n FROM waiting w, me
         WHERE w.published_at IS NULL AND w.competition_id <> me.competition_id GROUP BY w.competition_id
       )
       SELECT CASE WHEN (SELECT published_at FROM runs WHERE id = $1) IS NOT NULL
         THEN (SELECT count(*) FROM waiting w, me WHERE w.published_at IS NOT NULL AND w.published_at < (SELECT published_at FROM runs WHERE id = $1))
         ELSE (SELECT count(*) FROM waiting WHERE published_at IS NOT NULL)
              + (SELECT k FROM mine_ahead)
              + coalesce((SELECT sum(least(n, (SELECT k FROM mine_ahead))) FROM others), 0)
         END AS position
       FROM me`,
      [runId],
    );
    return rows[0]?.position == null ? null : Number(rows[0].position);
  }

  /** Runs an organizer lets go (auto_run_submissions: false): they take their place in the fair order by submission time. */
  async release(submissionIds: string[]): Promise<{ vhost: string | null; queue: string }[]> {
    if (submissionIds.length === 0) {
      return [];
    }
    // UPDATE ... RETURNING comes back as [rows, count] from the pg driver.
    const [rows] = (await this.db.query(
      `UPDATE runs SET held_at = NULL
        WHERE submission_id = ANY($1::uuid[]) AND held_at IS NOT NULL AND status = 'queued'
        RETURNING vhost, queue`,
      [submissionIds],
    )) as [{ vhost: string | null; queue: string }[], number];
    return rows;
  }

  /** Ids of the submissions of a phase that wait for an organizer to run them. */
  async heldSubmissions(phaseId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT DISTINCT s.id FROM submissions s JOIN runs r ON r.submission_id = s.id
        WHERE s.phase_id = $1 AND r.held_at IS NOT NULL AND r.status = 'queued'`,
      [phaseId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Sets the hash of the token about to be published on queue `q`; false when the run was published, ended or moved
   * to another queue meanwhile (a competition that lost the use of an organizer queue).
   */
  async issueToken(id: string, tokenHash: string, q: { vhost: string | null; queue: string }): Promise<boolean> {
    const where = { id, publishedAt: IsNull(), status: 'queued' as const, queue: q.queue, vhost: q.vhost ?? IsNull() };
    const r = await this.runs.update(where, { tokenHash });
    return (r.affected ?? 0) > 0;
  }

  async markPublished(id: string): Promise<void> {
    await this.runs.update({ id }, { publishedAt: new Date() });
    await this.db
      .getRepository(SubmissionEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'queued' })
      .where("id = (SELECT submission_id FROM runs WHERE id = :id) AND status = 'submitted'", { id })
      .execute();
  }

  /**
   * Moves a run to running under a lease, unless it already ended; returns the lease's end, or null when it had
   * ended. A second start with the same token (the broker redelivered the job after the first worker's connection
   * died) takes the run over. `waitedMs`: how long the run waited for its first start, null for a takeover.
   */
  async start(
    id: string,
    workerName: string,
    workerGpus: string[] | null,
    leaseSec: number,
  ): Promise<(Pick<RunEntity, 'leaseExpiresAt' | 'queue' | 'vhost'> & { waitedMs: number | null }) | null> {
    return this.db.transaction(async (m) => {
      const found = await m.findOne(RunEntity, { where: { id } });
      if (!found) {
        return null;
      }
      // Lock order: submission, then run, as in finish().
      const submission = await m.findOne(SubmissionEntity, {
        where: { id: found.submissionId },
        lock: { mode: 'pessimistic_write' },
      });
      const run = await m.findOne(RunEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!submission || !run || FINAL_RUN_STATUSES.includes(run.status)) {
        return null;
      }
      const leaseExpiresAt = new Date(Date.now() + leaseSec * 1000);
      await m.update(
        RunEntity,
        { id },
        { status: 'running', workerName, workerGpus, startedAt: run.startedAt ?? new Date(), leaseExpiresAt },
      );
      if (submission.status === 'submitted' || submission.status === 'queued') {
        await m.update(
          SubmissionEntity,
          { id: submission.id },
          { status: 'running', startedAt: submission.startedAt ?? new Date() },
        );
      }
      const waitedMs = run.startedAt ? null : Date.now() - run.createdAt.getTime();
      return { leaseExpiresAt, queue: run.queue, vhost: run.vhost, waitedMs };
    });
  }

  /** Renews the lease of a running run; null when the run is no longer running. */
  async renewLease(
    id: string,
    workerName: string,
    workerGpus: string[] | null,
    leaseSec: number,
  ): Promise<Date | null> {
    const leaseExpiresAt = new Date(Date.now() + leaseSec * 1000);
    const r = await this.db
      .createQueryBuilder()
      .update(RunEntity)
      .set({ leaseExpiresAt, workerName, workerGpus })
      .where("id = :id AND status = 'running'", { id })
      .execute();
    return r.affected ? leaseExpiresAt : null;
  }

  /** Running runs whose worker stopped renewing the lease. */
  async expiredLeases(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      "SELECT id FROM runs WHERE status = 'running' AND lease_expires_at < now() ORDER BY lease_expires_at LIMIT $1",
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes a run back from a worker whose lease expired: a new token (the old worker's calls are refused from now
   * on), the next attempt, queued again. Returns the run to publish, or null when it is no longer expired.
   */
  async requeueExpired(
    id: string,
    tokenHash: string,
    job: (run: RunEntity) => RunEntity['job'],
  ): Promise<RunEntity | null> {
    return this.db.transaction(async (m) => {
      const found = await m.findOne(RunEntity, { where: { id } });
      if (!found) {
        return null;
      }
      await m.findOne(SubmissionEntity, { where: { id: found.submissionId }, lock: { mode: 'pessimistic_write' } });
      const run = await m.findOne(RunEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!run || run.status !== 'running' || !run.leaseExpiresAt || run.leaseExpiresAt.getTime() > Date.now()) {
        return null;
      }
      const next = { ...run, attempt: run.attempt + 1 };
      const changes = {
        status: 'queued' as const,
        attempt: next.attempt,
        tokenHash,
        job: job(next),
        publishedAt: null,
        workerName: null,
        leaseExpiresAt: null,
        startedAt: null,
      };
      await m.update(RunEntity, { id }, changes);
      return { ...run, ...changes };
    });
  }

  /**
   * Cancels a submission that has not ended, and its runs that have not ended: workers learn it at their next
   * heartbeat (or at start, for a queued job) and stop. Returns false when it had already ended.
   */
  async cancelSubmission(submissionId: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const submission = await m.findOne(SubmissionEntity, {
        where: { id: submissionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!submission || FINAL_SUBMISSION_STATUSES.includes(submission.status)) {
        return false;
      }
      const now = new Date();
      await m
        .createQueryBuilder()
        .update(RunEntity)
        .set({
          status: 'cancelled',
          finishedAt: now,
          leaseExpiresAt: null,
          failureCode: 'cancelled',
          failureMessage: 'cancelled',
        })
        .where("submission_id = :submissionId AND status IN ('queued', 'running')", { submissionId })
        .execute();
      await m.update(
        SubmissionEntity,
        { id: submissionId },
        { status: 'cancelled', finishedAt: now, failureCode: 'cancelled', failureMessage: 'cancelled by request' },
      );
      return true;
    });
  }

  async submissionOwnerAndCompetition(
    submissionId: string,
  ): Promise<{ ownerId: string; competitionId: string; phaseId: string } | null> {
    const s = await this.db.getRepository(SubmissionEntity).findOne({ where: { id: submissionId } });
    return s ? { ownerId: s.ownerId, competitionId: s.competitionId, phaseId: s.phaseId } : null;
  }

  async submissionStatus(submissionId: string): Promise<string | null> {
    return (await this.db.getRepository(SubmissionEntity).findOne({ where: { id: submissionId } }))?.status ?? null;
  }

  async setKey(id: string, column: 'outputKey' | 'stdoutKey' | 'stderrKey', key: string): Promise<void> {
    await this.runs.update({ id }, { [column]: key });
  }

  /**
   * Stores a run's outcome once: a repeat (duplicate delivery, retried POST) finds the run ended and changes
   * nothing. When the submission's last run ends, the submission gets its merged scores and final status in the
   * same transaction, so `finished` is never visible without its scores; a finished one is also recorded as an
   * arrival its phase's boards must take in (LeaderboardMaintainer), so none is finished and lost to the boards.
   */
  async finish(id: string, outcome: RunOutcome): Promise<{ stored: boolean; submissionEnded?: 'finished' | 'failed' }> {
    // Few round trips, no entity loads: every worker's result comes through here.
    return this.db.transaction(async (m: EntityManager) => {
      // Lock order: submission, then its runs, the same in every writer.
      const [submission]: { id: string; status: SubmissionStatus; phase_id: string; competition_id: string }[] =
        await m.query(
          `SELECT id, status, phase_id, competition_id FROM submissions
          WHERE id = (SELECT submission_id FROM runs WHERE id = $1) FOR UPDATE`,
          [id],
        );
      if (!submission) {
        return { stored: false };
      }
      // Only a run that has not ended takes an outcome (the update locks it).
      const updated = await m
        .createQueryBuilder()
        .update(RunEntity)
        .set({ ...outcome, finishedAt: new Date() })
        .where('id = :id AND status NOT IN (:...ended)', { id, ended: FINAL_RUN_STATUSES })
        .execute();
      if (!updated.affected) {
        return { stored: false };
      }
      if (FINAL_SUBMISSION_STATUSES.includes(submission.status)) {
        return this.finishAddedTask(m, id, submission, outcome);
      }
      const runs: {
        status: RunEntity['status'];
        scores: RunEntity['scores'];
        failure_code: string | null;
        failure_message: string | null;
      }[] = await m.query(
        'SELECT status, scores, failure_code, failure_message FROM runs WHERE submission_id = $1 ORDER BY created_at',
        [submission.id],
      );
      if (
        runs.every((r) => FINAL_RUN_STATUSES.includes(r.status)) &&
        !FINAL_SUBMISSION_STATUSES.includes(submission.status)
      ) {
        const failed = runs.find((r) => r.status !== 'finished');
        if (failed) {
          await m.query(
            `UPDATE submissions SET status = 'failed', failure_code = $2, failure_message = $3, finished_at = now() WHERE id = $1`,
            [submission.id, failed.failure_code, failed.failure_message],
          );
          return { stored: true, submissionEnded: 'failed' as const };
        } else {
          const scores = Object.assign({}, ...runs.map((r) => r.scores ?? {}));
          await m.query(
            `WITH done AS (
               UPDATE submissions SET status = 'finished', scores = $2, finished_at = now() WHERE id = $1
               RETURNING id, phase_id, competition_id)
             INSERT INTO leaderboard_arrivals (submission_id, phase_id, competition_id)
             SELECT id, phase_id, competition_id FROM done ON CONFLICT DO NOTHING`,
            [submission.id, JSON.stringify(scores)],
          );
          return { stored: true, submissionEnded: 'finished' as const };
        }
      }
      return { stored: true };
    });
  }

  /**
   * A run of a task added after its submission ended: a finished one merges its scores into the submission's, which
   * stays finished; either way the submission goes to its boards again (its row gains the scores, or loses its
   * "pending" mark). The submission's status is never changed by it.
   */
  private async finishAddedTask(
    m: EntityManager,
    id: string,
    submission: { id: string; status: SubmissionStatus },
    outcome: RunOutcome,
  ): Promise<{ stored: boolean; submissionEnded?: 'finished' | 'failed' }> {
    const [run]: { added_task: boolean }[] = await m.query('SELECT added_task FROM runs WHERE id = $1', [id]);
    if (!run?.added_task || submission.status !== 'finished') {
      return { stored: true };
    }
    if (outcome.status === 'finished' && outcome.scores) {
      await m.query(`UPDATE submissions SET scores = coalesce(scores, '{}'::jsonb) || $2::jsonb WHERE id = $1`, [
        submission.id,
        JSON.stringify(outcome.scores),
      ]);
    }
    await m.query(
      `INSERT INTO leaderboard_arrivals (submission_id, phase_id, competition_id)
       SELECT id, phase_id, competition_id FROM submissions WHERE id = $1 ON CONFLICT DO NOTHING`,
      [submission.id],
    );
    return { stored: true };
  }

  /**
   * Locks the phase's submissions that may gain a run on `taskId` (in id order, as other writers lock one at a
   * time) and gives each that has no run on it yet, with its status: `kept` only those on a board of the phase,
   * else every one that has not failed or been cancelled.
   */
  async lockSubmissionsWithoutTask(
    m: EntityManager,
    phaseId: string,
    taskId: string,
    which: 'kept' | 'all',
  ): Promise<{ id: string; status: SubmissionStatus }[]> {
    return m.query(
      `SELECT s.id, s.status FROM submissions s
        WHERE s.phase_id = $1 AND s.status NOT IN ('failed', 'cancelled')
          AND ($3::text = 'all' OR EXISTS (
                SELECT 1 FROM leaderboard_entries e WHERE e.phase_id = s.phase_id AND e.submission_id = s.id))
          AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.submission_id = s.id AND r.task_id = $2)
        ORDER BY s.id FOR UPDATE OF s`,
      [phaseId, taskId, which],
    );
  }

  /**
   * A task taken off a phase: its added-task runs that have not ended are cancelled (workers learn it at their next
   * heartbeat). Its ended runs and the scores they gave stay, as history.
   */
  async cancelAddedTaskRuns(phaseId: string, taskId: string): Promise<number> {
    const [, count] = (await this.db.query(
      `UPDATE runs r SET status = 'cancelled', finished_at = now(), lease_expires_at = NULL,
              failure_code = 'cancelled', failure_message = 'task removed from the phase'
         FROM submissions s
        WHERE s.id = r.submission_id AND s.phase_id = $1 AND r.task_id = $2 AND r.added_task
          AND r.status IN ('queued', 'running')`,
      [phaseId, taskId],
    )) as [unknown, number];
    return count;
  }

  /** Runs in `fn`'s transaction (see lockSubmissionsWithoutTask). */
  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async insertRuns(m: EntityManager, runs: NewRun[]): Promise<void> {
    await m.createQueryBuilder().insert().into(RunEntity).values(runs).execute();
  }

  async submissionFileKey(submissionId: string): Promise<string | null> {
    return (await this.db.getRepository(SubmissionEntity).findOne({ where: { id: submissionId } }))?.fileKey ?? null;
  }
}
