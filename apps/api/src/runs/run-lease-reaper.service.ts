import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { newToken } from '@api/common/token';
import { ApiConfig } from '@api/config/api-config';
import { ApiMetrics } from '@api/metrics/api-metrics';
import { RunDispatcher } from './run-dispatcher.service';
import { RunsRepository } from './runs.repository';

/**
 * Finds runs whose worker stopped renewing its lease (killed, hung, cut off) and dispatches them again under a new
 * token, or fails them with the reason after RUN_MAX_ATTEMPTS. This does not wait for RabbitMQ's consumer_timeout:
 * a hung worker keeps its message unacked, but its run is taken back within a lease plus one sweep.
 */
@Injectable()
export class RunLeaseReaper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunLeaseReaper.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly runs: RunsRepository,
    private readonly dispatcher: RunDispatcher,
    private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.lease.sweepIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  async sweep(): Promise<void> {
    if (this.sweeping) {
      return;
    }
    this.sweeping = true;
    try {
      for (const id of await this.runs.expiredLeases(50)) {
        await this.reclaim(id);
      }
    } catch (e) {
      this.logger.warn(`lease sweep failed: ${(e as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async reclaim(id: string): Promise<void> {
    const run = await this.runs.find(id);
    if (!run) {
      return;
    }
    if (run.attempt >= this.config.lease.maxAttempts) {
      const { stored, submissionEnded } = await this.runs.finish(id, {
        status: 'failed',
        scores: null,
        unknownScoreKeys: null,
        exitCode: null,
        elapsedMs: run.startedAt ? Date.now() - run.startedAt.getTime() : 0,
        failureCode: 'worker_error',
        failureMessage: `the worker running it stopped responding (lease of ${this.config.lease.sec} s expired) on each of ${run.attempt} attempts`,
      });
      if (stored) {
        this.logger.warn(`run ${id} failed after ${run.attempt} expired leases`);
        this.metrics.runFinished('failed', 'worker_error');
        if (submissionEnded) {
          this.metrics.submissionEnded(submissionEnded);
        }
      }
      return;
    }
    // The new hash locks the lost worker out at once; the dispatcher mints the next token when it publishes.
    const { hash } = newToken();
    const requeued = await this.runs.requeueExpired(id, hash, (next) => ({ ...next.job, attempt: next.attempt }));
    if (!requeued) {
      return;
    }
    this.metrics.runRedispatched();
    this.logger.warn(
      `run ${id}: worker ${run.workerName ?? '?'} lost its lease; dispatching attempt ${requeued.attempt}`,
    );
    await this.dispatcher.dispatch([requeued]);
  }
}
