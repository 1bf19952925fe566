import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The platform's backlog as the database holds it; every API process reports the same values. */
export interface BacklogSnapshot {
  /** Runs stored but not yet on the broker (the dispatcher's outbox: fair order, a full window, or the broker down). */
  runsUnpublished: number;
  /** Runs on the broker that no worker started yet. */
  runsPublished: number;
  /** Runs waiting for an organizer to run them (auto_run_submissions: false). */
  runsHeld: number;
  runsRunning: number;
  /** Age of the oldest run waiting for a worker (not held), in seconds; 0 when none waits. */
  oldestQueuedSec: number;
  /** Finished submissions their boards have not taken in yet, and the age of the oldest (board lag). */
  boardArrivals: number;
  boardLagSec: number;
  /** Mails not sent yet and still tried, mails given up after their last attempt. */
  mailsPending: number;
  mailsGivenUp: number;
  oldestMailSec: number;
}

/**
 * One statement for every backlog gauge, read at scrape time. Each count is served by a partial index (unpublished
 * and running runs) or counts a table that stays small while the platform keeps up (arrivals, unsent mail).
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async backlog(mailMaxAttempts: number): Promise<BacklogSnapshot> {
    const [row]: Record<keyof BacklogSnapshot, string | number | null>[] = await this.db.query(
      `SELECT
         (SELECT count(*) FROM runs WHERE status = 'queued' AND published_at IS NULL AND held_at IS NULL)::int AS "runsUnpublished",
         (SELECT count(*) FROM runs WHERE status = 'queued' AND published_at IS NOT NULL)::int AS "runsPublished",
         (SELECT count(*) FROM runs WHERE status = 'queued' AND held_at IS NOT NULL AND published_at IS NULL)::int AS "runsHeld",
         (SELECT count(*) FROM runs WHERE status = 'running')::int AS "runsRunning",
         COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM runs
                    WHERE status = 'queued' AND held_at IS NULL), 0)::float8 AS "oldestQueuedSec",
         (SELECT count(*) FROM leaderboard_arrivals)::int AS "boardArrivals",
         COALESCE((SELECT extract(epoch FROM now() - min(arrived_at)) FROM leaderboard_arrivals), 0)::float8 AS "boardLagSec",
         (SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND attempts < $1)::int AS "mailsPending",
         (SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND attempts >= $1)::int AS "mailsGivenUp",
         COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM mail_outbox
                    WHERE sent_at IS NULL AND attempts < $1), 0)::float8 AS "oldestMailSec"`,
      [mailMaxAttempts],
    );
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, Math.max(0, Number(v ?? 0))]),
    ) as unknown as BacklogSnapshot;
  }
}
