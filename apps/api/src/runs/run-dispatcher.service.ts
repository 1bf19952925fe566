import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { JobPublisher } from '@api/broker/job-publisher.service';
import { ApiConfig } from '@api/config/api-config';
import type { RunEntity } from './entities/run.entity';
import { RunsRepository } from './runs.repository';

/**
 * Jobs are stored with their run before they are published (an outbox): a submission accepted while the
 * broker is down is published by the periodic sweep once the broker is back, never lost.
 */
@Injectable()
export class RunDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly runs: RunsRepository,
    private readonly publisher: JobPublisher,
    private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.dispatchIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Publishes now; a failure is logged and left to the sweep. */
  async dispatch(runs: (Pick<RunEntity, 'id' | 'queue' | 'job'> & { vhost?: string | null })[]): Promise<void> {
    for (const run of runs) {
      try {
        await this.publisher.publish(run.vhost ?? null, run.queue, run.id, Buffer.from(JSON.stringify(run.job)));
        await this.runs.markPublished(run.id);
      } catch (e) {
        this.logger.warn(`run ${run.id} not published yet (${(e as Error).message}); the sweep will retry`);
        return;
      }
    }
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const pending = await this.runs.unpublished(this.config.dispatchIntervalMs, 100);
      if (pending.length) await this.dispatch(pending);
    } catch (e) {
      this.logger.warn(`dispatch sweep failed: ${(e as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }
}
