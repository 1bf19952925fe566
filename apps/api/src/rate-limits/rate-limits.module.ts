import { Module } from '@nestjs/common';
import { RateLimitPruner } from './rate-limit-pruner.service';
import { RateLimiter } from './rate-limiter.service';
import { RateLimitsRepository } from './rate-limits.repository';

@Module({
  providers: [RateLimitsRepository, RateLimiter, RateLimitPruner],
  exports: [RateLimiter],
})
export class RateLimitsModule {}
