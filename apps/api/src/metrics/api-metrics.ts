import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MAX_ATTEMPTS as MAIL_MAX_ATTEMPTS } from '@api/mail/outbox-sender.service';
import { type BacklogSnapshot, MetricsRepository } from './metrics.repository';

/** Seconds a run may wait or last: from a second to hours. */
const RUN_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
/** Backlog read at most this often, however many scrapers ask (each API process is scraped on its own). */
const SNAPSHOT_MS = 2000;

/**
 * What operators watch, for Prometheus (METRICS_PORT). Counters and histograms count what this process did (sum them
 * over the API's replicas); the backlog gauges are read from the database at scrape time, the same in every replica
 * (take their max). One registry per application, not prom-client's global one: tests run several APIs in a process.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpSeconds = new Histogram({
    name: 'arena_http_request_duration_seconds',
    help: 'API requests by method, route template (unmatched: no route) and status, and how long their answer took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly submissionsCreated = new Counter({
    name: 'arena_submissions_created_total',
    help: 'Submissions accepted (uploads, re-runs, migrations into a new phase)',
    registers: [this.registry],
  });

  private readonly submissionsEnded = new Counter({
    name: 'arena_submissions_ended_total',
    help: 'Submissions whose last run ended, by final status (finished: scored; failed)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  private readonly runsFinished = new Counter({
    name: 'arena_runs_finished_total',
    help: 'Runs whose result was stored, by status (finished, failed) and failure code',
    labelNames: ['status', 'code'] as const,
    registers: [this.registry],
  });

  private readonly queueWait = new Histogram({
    name: 'arena_run_queue_wait_seconds',
    help: 'From a run being stored to a worker starting it (a re-dispatched run counts from its first storing)',
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  private readonly stepSeconds = new Histogram({
    name: 'arena_run_step_seconds',
    help: 'Wall-clock time of each step of the runs reported (prediction: ingestion or code submission; scoring)',
    labelNames: ['step'] as const,
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  private readonly redispatched = new Counter({
    name: 'arena_runs_redispatched_total',
    help: 'Runs taken back from a worker whose lease expired (killed, hung, cut off) and dispatched again',
    registers: [this.registry],
  });

  private snapshot: { at: number; value: Promise<BacklogSnapshot> } | null = null;
  private last: BacklogSnapshot | null = null;

  constructor(private readonly repo: MetricsRepository) {
    collectDefaultMetrics({ register: this.registry, prefix: 'arena_api_' });
    const backlogOk = new Gauge({
      name: 'arena_backlog_read_ok',
      help: '1 when the backlog gauges below were read from the database at this scrape, 0 when they are the last values read',
      registers: [this.registry],
    });
    const read = async (): Promise<BacklogSnapshot | null> => {
      const now = Date.now();
      if (!this.snapshot || now - this.snapshot.at > SNAPSHOT_MS) {
        this.snapshot = { at: now, value: this.repo.backlog(MAIL_MAX_ATTEMPTS) };
      }
      try {
        this.last = await this.snapshot.value;
        backlogOk.set(1);
      } catch {
        backlogOk.set(0);
      }
      return this.last;
    };
    const gauge = (
      name: string,
      help: string,
      set: (g: Gauge, s: BacklogSnapshot) => void,
      labelNames: string[] = [],
    ) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          const s = await read();
          if (s) {
            set(this, s);
          }
        },
      });
    gauge(
      'arena_runs_waiting',
      'Runs waiting, by state: unpublished (stored, not yet on the broker: the dispatch outbox), published (on the broker, not started), held (for an organizer to run)',
      (g, s) => {
        g.set({ state: 'unpublished' }, s.runsUnpublished);
        g.set({ state: 'published' }, s.runsPublished);
        g.set({ state: 'held' }, s.runsHeld);
      },
      ['state'],
    );
    gauge('arena_runs_running', 'Runs a worker holds now', (g, s) => g.set(s.runsRunning));
    gauge('arena_run_oldest_wait_seconds', 'Age of the oldest run waiting for a worker (0: none waits)', (g, s) =>
      g.set(s.oldestQueuedSec),
    );
    gauge('arena_board_arrivals_pending', 'Finished submissions the leaderboards have not taken in yet', (g, s) =>
      g.set(s.boardArrivals),
    );
    gauge(
      'arena_board_lag_seconds',
      'Age of the oldest finished submission not yet on its boards (0: boards are current)',
      (g, s) => g.set(s.boardLagSec),
    );
    gauge(
      'arena_mail_outbox',
      'Mails not sent, by state: pending (still tried), given_up (every attempt failed)',
      (g, s) => {
        g.set({ state: 'pending' }, s.mailsPending);
        g.set({ state: 'given_up' }, s.mailsGivenUp);
      },
      ['state'],
    );
    gauge('arena_mail_oldest_pending_seconds', 'Age of the oldest mail still waiting to be sent', (g, s) =>
      g.set(s.oldestMailSec),
    );
  }

  submissionCreated(): void {
    this.submissionsCreated.inc();
  }

  submissionEnded(status: 'finished' | 'failed'): void {
    this.submissionsEnded.inc({ status });
  }

  runFinished(
    status: 'finished' | 'failed',
    code: string | null,
    stepsMs?: { prediction?: number; scoring?: number } | null,
  ): void {
    this.runsFinished.inc({ status, code: code ?? '' });
    for (const [step, ms] of Object.entries(stepsMs ?? {})) {
      if (typeof ms === 'number') {
        this.stepSeconds.observe({ step }, ms / 1000);
      }
    }
  }

  runStarted(waitedMs: number): void {
    this.queueWait.observe(Math.max(0, waitedMs) / 1000);
  }

  runRedispatched(): void {
    this.redispatched.inc();
  }
}
