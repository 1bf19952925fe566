import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDate } from './date-value';

describe('readDate', () => {
  it.each([
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2026-1-5', '2026-01-05T00:00:00.000Z'],
    ['2026/01/31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-01 12:00', '2026-01-01T12:00:00.000Z'],
    ['2026-01-01 12:00:30', '2026-01-01T12:00:30.000Z'],
    ['2026-01-01T12:00:00Z', '2026-01-01T12:00:00.000Z'],
    ['2026-01-01T12:00:00.250Z', '2026-01-01T12:00:00.250Z'],
    ['2026-01-01T12:00:00+02:00', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01 00:30:00-05:30', '2026-01-01T06:00:00.000Z'],
    ['2022-11-01 00:00:00+00:00', '2022-11-01T00:00:00.000Z'],
    ['2026-01-01 12:00 +0100', '2026-01-01T11:00:00.000Z'],
    ['2026-01-01 12:00 UTC', '2026-01-01T12:00:00.000Z'],
    ['1-1-2026', '2026-01-01T00:00:00.000Z'],
    ['1-30-2026', '2026-01-30T00:00:00.000Z'],
    ['30-1-2026', '2026-01-30T00:00:00.000Z'],
    ['12/25/2026 18:00', '2026-12-25T18:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (input, iso) => {
    expect(readDate(input)).toEqual({ iso });
  });

  it('reads a YAML timestamp object (a %YAML 1.1 file)', () => {
    expect(readDate(new Date(Date.UTC(2026, 0, 2)))).toEqual({ iso: '2026-01-02T00:00:00.000Z' });
  });

  it('reads an ambiguous day-month date month first, as Codabench does, with a note', () => {
    const r = readDate('2-1-2026');
    expect(r).toMatchObject({
      iso: '2026-02-01T00:00:00.000Z',
      note: expect.stringMatching(/ambiguous; read as month-day-year/),
    });
  });

  it.each([
    ['2025-02-29', /day 29 is out of range for 2025-02/],
    ['2026-13-01', /month 13 is out of range/],
    ['2026-01-01 24:00', /time 24:00 is out of range/],
    ['2026-01-01T12:00:00+15:00', /offset \+15:00 is out of range/],
    ['13-13-2026', /is not a valid date/],
    ['tomorrow', /is not a date this platform reads/],
    ['01/02/03', /is not a date this platform reads/],
  ])('refuses %s', (input, message) => {
    const r = readDate(input);
    expect('error' in r && r.error).toMatch(message);
  });

  it.each([[20260101], [null], [true], [{}]])('refuses %o', (value) => {
    expect(readDate(value)).toHaveProperty('error');
  });

  it('gives back the same instant for any time written with any offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        (date, offset) => {
          const instant = Math.floor(date.getTime() / 1000) * 1000;
          const local = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(readDate(`${local}${zone}`)).toEqual({ iso: new Date(instant).toISOString() });
        },
      ),
    );
  });
});
