import type { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * Work a service repeats on a timer: at most one sweep at a time per process (a tick or a direct `sweep()` call
 * joins the running one), failures logged and retried at the next tick, the running sweep awaited on shutdown.
 */
export abstract class PeriodicSweep<T> implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<T> | null = null;

  protected abstract readonly logger: Logger;
  /** For the log line of a failed sweep, e.g. "upload sweep". */
  protected abstract readonly sweepName: string;
  protected abstract intervalMs(): number;
  protected abstract run(): Promise<T>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: unknown) => this.logger.warn(`${this.sweepName} failed: ${(e as Error).message}`));
    }, this.intervalMs());
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.sweeping?.catch(() => undefined);
  }

  sweep(): Promise<T> {
    this.sweeping ??= this.run().finally(() => (this.sweeping = null));
    return this.sweeping;
  }
}
