import { describe, expect, it } from 'vitest';
import { columnGroups, formatScore, sortRows, type SortableRow } from './leaderboard-view';

const row = (position: number, participant: string, a: number | null): SortableRow => ({
  position,
  participant,
  submittedAt: `2026-01-0${position}T00:00:00Z`,
  scores: { a },
});

describe('leaderboard view', () => {
  const rows = [row(1, 'bea', 0.9), row(2, 'Al', null), row(3, 'cy', 0.5), row(4, 'dee', 0.9)];

  it('sorts by a score either way, missing scores last, ties in board order', () => {
    expect(sortRows(rows, { kind: 'score', key: 'a' }, 'asc').map((r) => r.participant)).toEqual([
      'cy',
      'bea',
      'dee',
      'Al',
    ]);
    expect(sortRows(rows, { kind: 'score', key: 'a' }, 'desc').map((r) => r.participant)).toEqual([
      'bea',
      'dee',
      'cy',
      'Al',
    ]);
  });

  it('sorts by name ignoring case and by position', () => {
    expect(sortRows(rows, { kind: 'participant' }, 'asc').map((r) => r.participant)).toEqual([
      'Al',
      'bea',
      'cy',
      'dee',
    ]);
    expect(sortRows(rows, { kind: 'position' }, 'desc').map((r) => r.position)).toEqual([4, 3, 2, 1]);
  });

  it('groups consecutive columns', () => {
    expect(columnGroups([{ key: 'a' }, { key: 'b' }])).toBeNull();
    expect(
      columnGroups([{ key: 'a', group: 'X' }, { key: 'b', group: 'X' }, { key: 'c' }, { key: 'd', group: 'X' }]),
    ).toEqual([
      { title: 'X', span: 2 },
      { title: null, span: 1 },
      { title: 'X', span: 1 },
    ]);
  });

  it.each([
    [0.12345, 2, '0.12'],
    [1, 0, '1'],
    [null, 2, '—'],
    [Number.NaN, 2, '—'],
  ])('formats %s at precision %i as %s', (v, p, text) => {
    expect(formatScore(v, p)).toBe(text);
  });
});
