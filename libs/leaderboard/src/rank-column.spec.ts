import { describe, expect, it } from 'vitest';
import { ColumnDef, LeaderboardError, rankColumn, TiePolicy } from './index';
import { entry } from './testing/entry.fixture';

const columns: ColumnDef[] = [
  { key: 'acc', sorting: 'desc' },
  { key: 'err', sorting: 'asc' },
];

function ranksOf(key: string, values: Array<number | null | undefined>, policy?: TiePolicy, epsilon?: number) {
  const entries = values.map((v, i) => entry(`e${i}`, { [key]: v }));
  const ranks = rankColumn(columns, entries, key, policy, epsilon);
  return entries.map((e) => ranks.get(e.id));
}

describe('rankColumn', () => {
  it.each([
    ['desc, distinct', 'acc', [0.5, 0.9, 0.7], 'dense', [3, 1, 2]],
    ['asc, distinct', 'err', [0.5, 0.9, 0.7], 'dense', [1, 3, 2]],
    ['desc, dense ties (1 1 2)', 'acc', [0.9, 0.9, 0.8], 'dense', [1, 1, 2]],
    ['desc, standard ties (1 1 3)', 'acc', [0.9, 0.9, 0.8], 'standard', [1, 1, 3]],
    ['asc, dense ties', 'err', [2, 1, 1, 3], 'dense', [2, 1, 1, 3]],
    ['asc, standard ties', 'err', [2, 1, 1, 3], 'standard', [3, 1, 1, 4]],
    ['negative values', 'err', [-1, -3, 0], 'dense', [2, 1, 3]],
  ] as const)('%s', (_, key, values, policy, expected) => {
    expect(ranksOf(key, [...values], policy)).toEqual(expected);
  });

  it.each([
    ['desc', 'acc', [null, 0.2, Number.NaN, 0.9, undefined, Number.POSITIVE_INFINITY], [null, 2, null, 1, null, null]],
    ['asc', 'err', [null, 0.2, Number.NaN, 0.9, undefined, Number.NEGATIVE_INFINITY], [null, 1, null, 2, null, null]],
  ] as const)('gives missing, NaN and infinite values a null rank (%s)', (_, key, values, expected) => {
    expect(ranksOf(key, [...values])).toEqual(expected);
  });

  it.each(['acc', 'err'])('gives a failed entry a null rank whatever its score (%s)', (key) => {
    const entries = [entry('ok', { [key]: 0.5 }), entry('failed', { [key]: 0.1 }, { failed: true })];
    expect([...rankColumn(columns, entries, key)]).toEqual([
      ['ok', 1],
      ['failed', null],
    ]);
  });

  it('ties values within epsilon of the group start (v1 1e-12 by default)', () => {
    expect(ranksOf('acc', [0.3, 0.1 + 0.2, 0.3 + 2e-12])).toEqual([2, 2, 1]);
    expect(ranksOf('acc', [1, 1.05, 1.08, 1.12], 'dense', 0.1)).toEqual([2, 1, 1, 1]);
    // 1.12 is within 0.1 of 1.05 but not of 1.00: groups start at their first value, so chains do not merge.
    expect(ranksOf('err', [1, 1.05, 1.08, 1.12], 'dense', 0.1)).toEqual([1, 1, 1, 2]);
    expect(ranksOf('acc', [0.3, 0.1 + 0.2], 'dense', 0)).toEqual([2, 1]);
  });

  it('ranks rank aggregates in their intrinsic direction whatever `sorting` says', () => {
    const aggregates: ColumnDef[] = [
      { key: 'a', sorting: 'desc' },
      { key: 'avg', sorting: 'desc', rankAggregate: 'avgRank', computationKeys: ['a'] },
      { key: 'mrr', sorting: 'asc', rankAggregate: 'mrr', computationKeys: ['a'] },
    ];
    const entries = [entry('x', { avg: 1.5, mrr: 0.5 }), entry('y', { avg: 1, mrr: 1 })];
    expect([...rankColumn(aggregates, entries, 'avg')]).toEqual([
      ['x', 2],
      ['y', 1],
    ]);
    expect([...rankColumn(aggregates, entries, 'mrr')]).toEqual([
      ['x', 2],
      ['y', 1],
    ]);
  });

  it('refuses an unknown column and a bad policy', () => {
    expect(() => rankColumn(columns, [], 'nope')).toThrow(LeaderboardError);
    expect(() => rankColumn(columns, [], 'acc', 'dense', -1)).toThrow(/epsilon/);
    expect(() => rankColumn(columns, [], 'acc', 'weird' as TiePolicy)).toThrow(/tiePolicy/);
  });
});
