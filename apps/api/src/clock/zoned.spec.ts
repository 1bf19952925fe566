import { describe, expect, it } from 'vitest';
import { isTimeZone } from '@api/organizers/organizers.service';
import { formatInZone } from './zoned';

describe('formatInZone', () => {
  it.each([
    ['2026-03-10T11:00:00Z', 'Pacific/Auckland', '2026-03-11 00:00 Pacific/Auckland'],
    ['2026-03-10T11:00:00Z', 'UTC', '2026-03-10 11:00 UTC'],
    ['2026-07-01T00:30:00Z', 'America/Los_Angeles', '2026-06-30 17:30 America/Los_Angeles'],
  ])('%s in %s is %s', (iso, tz, expected) => {
    expect(formatInZone(new Date(iso), tz)).toBe(expected);
  });

  it('knows IANA zones only', () => {
    expect(isTimeZone('Pacific/Auckland')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
