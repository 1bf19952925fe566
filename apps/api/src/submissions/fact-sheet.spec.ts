import type { FactSheetQuestion } from '@arena/bundle';
import { describe, expect, it } from 'vitest';
import { validateFactSheet } from './fact-sheet';

const q = (
  key: string,
  type: FactSheetQuestion['type'],
  isRequired: boolean,
  selection: string[] = [],
): FactSheetQuestion => ({
  key,
  type,
  title: key,
  selection,
  isRequired,
  isOnLeaderboard: false,
});
const SHEET = [
  q('open_source', 'checkbox', true),
  q('method', 'text', true),
  q('team_size', 'select', false, ['1', '2-5', '6+']),
];

describe('validateFactSheet', () => {
  it('keeps valid answers', () => {
    expect(validateFactSheet(SHEET, JSON.stringify({ open_source: false, method: 'gbm', team_size: '2-5' }))).toEqual({
      open_source: false,
      method: 'gbm',
      team_size: '2-5',
    });
    expect(validateFactSheet(SHEET, JSON.stringify({ open_source: true, method: 'x' }))).toEqual({
      open_source: true,
      method: 'x',
    });
  });

  it.each([
    [{ open_source: true }, 'method'],
    [{ open_source: true, method: '   ' }, 'method'],
    [{ method: 'x' }, 'open_source'],
    [{ open_source: 'yes', method: 'x' }, 'open_source'],
    [{ open_source: true, method: 3 }, 'method'],
    [{ open_source: true, method: 'x', team_size: '100' }, 'team_size'],
    [{ open_source: true, method: 'x', extra: 1 }, 'extra'],
  ])('refuses %j naming %s', (answers, key) => {
    expect(() => validateFactSheet(SHEET, JSON.stringify(answers))).toThrow(
      expect.objectContaining({ code: 'bad_request', details: { key } }),
    );
  });

  it('refuses what is not a JSON object, and answers where there is no fact sheet', () => {
    expect(() => validateFactSheet(SHEET, '[1]')).toThrow(/JSON object/);
    expect(() => validateFactSheet(SHEET, '{nope')).toThrow(/JSON object/);
    expect(() => validateFactSheet(null, '{"a":1}')).toThrow(/"a"/);
    expect(validateFactSheet(null, undefined)).toBeNull();
    expect(validateFactSheet(null, '{}')).toBeNull();
    expect(() => validateFactSheet(SHEET, undefined)).toThrow(/open_source/);
  });
});
