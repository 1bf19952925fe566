import { describe, expect, it } from 'vitest';
import { ageText, fromLocalInput, isStale, parseLimit, toLocalInput } from './time';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

describe('ageText', () => {
  it.each([
    [null, 'never'],
    ['garbage', 'unknown'],
    [ago(2), 'just now'],
    [ago(-30), 'just now'],
    [ago(42), '42 s ago'],
    [ago(180), '3 min ago'],
    [ago(2 * 3600), '2 h ago'],
    [ago(3 * 86400), '3 days ago'],
  ])('%s -> %s', (iso, text) => {
    expect(ageText(iso, NOW)).toBe(text);
  });

  it('flags heartbeats older than two minutes', () => {
    expect(isStale(ago(60), NOW)).toBe(false);
    expect(isStale(ago(180), NOW)).toBe(true);
    expect(isStale(null, NOW)).toBe(false);
  });
});

describe('datetime-local round trip', () => {
  it('shows an instant in local time and reads it back as the same instant', () => {
    const iso = '2026-03-01T09:30:00.000Z';
    const local = toLocalInput(iso);
    expect(local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(fromLocalInput(local)).toBe(iso);
  });

  it('treats empty as none and refuses nonsense', () => {
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('  ')).toBeNull();
    expect(() => fromLocalInput('tomorrow')).toThrow(/not a date/);
  });
});

describe('parseLimit', () => {
  it('reads whole numbers, empty as unlimited', () => {
    expect(parseLimit('', 'Per day')).toBeNull();
    expect(parseLimit(' 5 ', 'Per day')).toBe(5);
    expect(parseLimit('0', 'Per day')).toBe(0);
  });
  it.each(['-1', '2.5', 'ten', '0'])('refuses %s below the minimum or not whole', (t) => {
    expect(() => parseLimit(t, 'Time limit', 1)).toThrow(/Time limit: enter a whole number of at least 1/);
  });
});
