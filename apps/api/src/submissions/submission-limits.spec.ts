import { describe, expect, it } from 'vitest';
import { DomainError } from '@api/common/domain.error';
import { entrantOf } from './entrant';
import { enforceLimits, type LimitUsage, type PhaseLimits } from './submission-limits';

const dayEnd = new Date('2026-03-10T11:00:00Z');
const usage = (u: Partial<LimitUsage>): LimitUsage => ({
  total: 0,
  today: 0,
  inFlight: 0,
  dayStart: new Date('2026-03-09T11:00:00Z'),
  dayEnd,
  ...u,
});
const limits = (l: Partial<PhaseLimits>): PhaseLimits => ({
  perDay: null,
  total: null,
  concurrent: null,
  timeZone: 'Pacific/Auckland',
  ...l,
});

function refusal(l: Partial<PhaseLimits>, u: Partial<LimitUsage>): DomainError | null {
  try {
    enforceLimits(limits(l), usage(u));
    return null;
  } catch (e) {
    return e as DomainError;
  }
}

describe('enforceLimits', () => {
  it.each([
    ['no limits', {}, { total: 99, today: 99, inFlight: 99 }],
    ['under every limit', { perDay: 2, total: 5, concurrent: 1 }, { total: 4, today: 1, inFlight: 0 }],
  ])('lets %s pass', (_, l, u) => {
    expect(refusal(l, u)).toBeNull();
  });

  it('refuses the day with 429, the count and the end of the day in the competition time zone', () => {
    const e = refusal({ perDay: 2 }, { today: 2 });
    expect(e?.code).toBe('rate_limited');
    expect(e?.details).toEqual({
      limit: 'per_day',
      max: 2,
      count: 2,
      resetsAt: '2026-03-10T11:00:00.000Z',
      timeZone: 'Pacific/Auckland',
    });
    expect(e?.message).toContain('2026-03-11 00:00 Pacific/Auckland');
  });

  it('reports the total before the day, since waiting for tomorrow would not help', () => {
    const e = refusal({ perDay: 2, total: 4 }, { today: 2, total: 4 });
    expect(e?.details).toMatchObject({ limit: 'total', resetsAt: null });
  });

  it('refuses too many in flight with a conflict', () => {
    const e = refusal({ concurrent: 1 }, { inFlight: 1 });
    expect(e?.code).toBe('conflict');
    expect(e?.details).toMatchObject({ limit: 'concurrent', max: 1, count: 1, resetsAt: null });
  });
});

describe('entrantOf', () => {
  it('is the team when there is one, else the owner', () => {
    expect(entrantOf({ teamId: 't1', ownerId: 'u1' })).toBe('t1');
    expect(entrantOf({ teamId: null, ownerId: 'u1' })).toBe('u1');
  });
});
