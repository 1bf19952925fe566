import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ScoreJob } from '@arena/worker-protocol';
import { JobPublisher } from '@api/broker/job-publisher.service';
import { newToken } from '@api/common/token';
import { ApiConfig } from '@api/config/api-config';
import type { RunEntity } from './entities/run.entity';
import { LostJobsRepository } from './lost-jobs.repository';
import { RunsRepository } from './runs.repository';

type QueueRef = { vhost: string | null; queue: string };

/**
 * Publishes jobs to the broker a few at a time (DISPATCH_WINDOW ready messages per queue at most). Runs are stored
 * before they are published (an outbox), so a submission accepted while the broker is down is published by the
 * periodic sweep once it is back; and since the broker holds only a short window, the order in which the rest go out
 * is chosen fairly across competitions (see RunsRepository.nextFairRun). Publishing is kicked on submission, each
 * time a worker starts a run (a slot opened), and by the sweep.
 */
@Injectable()
export class RunDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  /** One publishing loop per queue at a time, so the window is respected within this process. */
  private readonly loops = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly runs: RunsRepository,
    private readonly publisher: JobPublisher,
    private readonly config: ApiConfig,
    private readonly lostJobs: LostJobsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.dispatchIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** New runs were stored: publish what the window allows on their queues. */
  async dispatch(runs: (Pick<RunEntity, 'queue'> & { vhost?: string | null })[]): Promise<void> {
    const queues = new Map(
      runs.map((r) => [key(r.vhost ?? null, r.queue), { vhost: r.vhost ?? null, queue: r.queue }]),
    );
    await Promise.all([...queues.values()].map((q) => this.kick(q)));
  }

  /** Publishes on a queue until its window is full or nothing waits; never throws (the sweep retries). */
  kick(q: QueueRef): Promise<void> {
    const k = key(q.vhost, q.queue);
    const running = this.loops.get(k);
    if (running) {
      // A loop is on it; make it look once more when it is done, in case a slot opened meanwhile.
      this.again.add(k);
      return running;
    }
    const loop = this.fill(q)
      .catch((e: unknown) =>
        this.logger.warn(
          `queue ${q.queue}${q.vhost ? ` (vhost ${q.vhost})` : ''}: not published yet (${(e as Error).message}); the sweep will retry`,
        ),
      )
      .finally(() => {
        this.loops.delete(k);
        if (this.again.delete(k)) {
          void this.kick(q);
        }
      });
    this.loops.set(k, loop);
    return loop;
  }

  private async fill(q: QueueRef): Promise<void> {
    while ((await this.publisher.readyCount(q.vhost, q.queue)) < this.config.dispatchWindow) {
      const run = await this.runs.nextFairRun(q.vhost, q.queue);
      if (!run) {
        return;
      }
      // The token exists only in the message and, hashed, in the row: a database reader cannot act as a worker.
      // A publication whose confirm was lost carried an older token, which the new hash turns away (401).
      const { token, hash } = newToken();
      if (!(await this.runs.issueToken(run.id, hash, q))) {
        return;
      }
      const job: ScoreJob = { ...run.job, token };
      await this.publisher.publish(q.vhost, q.queue, run.id, Buffer.from(JSON.stringify(job)));
      await this.runs.markPublished(run.id);
    }
  }

  async sweep(): Promise<void> {
    try {
      await this.republishLost();
    } catch (e) {
      this.logger.warn(`lost-job sweep failed: ${(e as Error).message}`);
    }
    try {
      const queues = await this.runs.queuesWithWaitingRuns();
      await Promise.all(queues.map((q) => this.kick(q)));
    } catch (e) {
      this.logger.warn(`dispatch sweep failed: ${(e as Error).message}`);
    }
  }

  /**
   * Jobs the broker lost (a node gone with its disk, a purged or deleted queue) are published again. A job published
   * JOB_REPUBLISH_AFTER_SEC ago whose run has not started, on a queue that holds no ready message, is not waiting its
   * turn: nothing is waiting. (A worker's prefetched message is started at once; a queue with ready messages is
   * left alone, so a long backlog is never mistaken for a loss.) Publishing again goes through issueToken: the new
   * token turns the old message away should it still come (401 at start, the worker drops it), so a run is never
   * scored twice.
   */
  private async republishLost(): Promise<void> {
    const after = this.config.brokerQueues.republishAfterSec;
    for (const q of await this.lostJobs.queuesWithOldPublishedRuns(after)) {
      // A queue the broker cannot answer for now (its vhost unreachable) is looked at again next sweep.
      const ready = await this.publisher.readyCount(q.vhost, q.queue).catch(() => null);
      if (ready === null || ready > 0) {
        continue;
      }
      const ids = await this.lostJobs.unpublishOld(q, after);
      if (ids.length > 0) {
        this.logger.warn(
          `queue ${q.queue}${q.vhost ? ` (vhost ${q.vhost})` : ''}: ${ids.length} job(s) published over ${after} s ago ` +
            `never started and the queue is empty; publishing them again (runs ${ids.join(', ')})`,
        );
      }
    }
  }
}

function key(vhost: string | null, queue: string): string {
  return `${vhost ?? ''}\u0000${queue}`;
}
