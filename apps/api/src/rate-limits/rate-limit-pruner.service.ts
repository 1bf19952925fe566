import { Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep } from '@api/common/periodic-sweep';
import { ApiConfig } from '@api/config/api-config';
import { RateLimiter } from './rate-limiter.service';

/** Each take prunes its own keys; this drops the hits of keys nobody tried again, so the log stays one window long. */
@Injectable()
export class RateLimitPruner extends PeriodicSweep<number> {
  protected readonly logger = new Logger(RateLimitPruner.name);
  protected readonly sweepName = 'rate limit pruning';

  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: ApiConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return Math.max(10_000, this.config.rateLimits.windowSec * 1000);
  }

  protected run(): Promise<number> {
    return this.limiter.prune();
  }
}
