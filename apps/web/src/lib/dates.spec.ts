import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration } from './dates';

describe('dates and sizes', () => {
  it('shows a date in the given time zone with its name', () => {
    const text = formatDateTime('2026-01-01T12:00:00Z', 'Pacific/Auckland', 'en-GB');
    expect(text).toContain('2026');
    expect(text).toMatch(/01:00/);
    expect(text).toMatch(/GMT\+13|NZDT/);
  });

  it('keeps missing and unparsable dates readable', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('soon')).toBe('soon');
  });

  it.each([
    [null, '—'],
    [450, '450 ms'],
    [1500, '1.5 s'],
    [125_000, '2 min 5 s'],
  ])('duration %s -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats sizes', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(12_300_000)).toBe('12.3 MB');
  });
});
