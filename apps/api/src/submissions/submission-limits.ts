import { DomainError } from '@api/common/domain.error';
import { formatInZone } from '@api/clock/zoned';

export interface LimitUsage {
  /** Counted submissions of the entrant in the phase, and those made today in the competition's time zone. */
  total: number;
  today: number;
  inFlight: number;
  dayStart: Date;
  dayEnd: Date;
}

export interface PhaseLimits {
  perDay: number | null;
  total: number | null;
  concurrent: number | null;
  timeZone: string;
}

export interface LimitRefusal {
  limit: 'per_day' | 'total' | 'concurrent';
  max: number;
  count: number;
  /** When a new submission becomes possible again by the clock; null when only an event frees it. */
  resetsAt: string | null;
  timeZone: string;
}

/** Throws the refusal a client can act on: 429 for per-day and total limits, 409 while too many are in flight. */
export function enforceLimits(limits: PhaseLimits, usage: LimitUsage): void {
  const tz = limits.timeZone;
  if (limits.total !== null && usage.total >= limits.total) {
    const details: LimitRefusal = {
      limit: 'total',
      max: limits.total,
      count: usage.total,
      resetsAt: null,
      timeZone: tz,
    };
    throw new DomainError('rate_limited', `the limit of ${limits.total} submissions in this phase is reached`, details);
  }
  if (limits.perDay !== null && usage.today >= limits.perDay) {
    const details: LimitRefusal = {
      limit: 'per_day',
      max: limits.perDay,
      count: usage.today,
      resetsAt: usage.dayEnd.toISOString(),
      timeZone: tz,
    };
    throw new DomainError(
      'rate_limited',
      `the limit of ${limits.perDay} submissions per day is reached; the day ends at ${formatInZone(usage.dayEnd, tz)}`,
      details,
    );
  }
  if (limits.concurrent !== null && usage.inFlight >= limits.concurrent) {
    const details: LimitRefusal = {
      limit: 'concurrent',
      max: limits.concurrent,
      count: usage.inFlight,
      resetsAt: null,
      timeZone: tz,
    };
    throw new DomainError(
      'conflict',
      `${usage.inFlight} submissions are still being scored (at most ${limits.concurrent} at once); retry when one ends`,
      details,
    );
  }
}
