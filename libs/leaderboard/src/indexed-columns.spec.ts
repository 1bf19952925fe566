import { describe, expect, it } from 'vitest';
import { columnsFromIndexed, IndexedColumn, LeaderboardError, primaryKeyFromIndex, rankLeaderboard } from './index';
import { entry } from './testing/entry.fixture';

// Shaped like @arena/bundle's LeaderboardModel.columns, which this lib must not import.
const bundleColumns = [
  { key: 'set1', title: 'Set 1', index: 0, sorting: 'desc', precision: 4, hidden: false },
  { key: 'set2', title: 'Set 2', index: 1, sorting: 'desc', precision: 2, hidden: false },
  {
    key: 'mean',
    title: 'Mean',
    index: 2,
    sorting: 'desc',
    precision: 2,
    hidden: false,
    computation: 'avg',
    computationIndexes: [0, 1],
  },
] satisfies IndexedColumn[];

describe('bundle columns', () => {
  it('turn computation indexes into keys and rank by primary index', () => {
    const columns = columnsFromIndexed(bundleColumns);
    expect(columns[2]).toEqual({
      key: 'mean',
      title: 'Mean',
      sorting: 'desc',
      precision: 2,
      hidden: false,
      computation: 'avg',
      computationKeys: ['set1', 'set2'],
    });
    const primaryKey = primaryKeyFromIndex(bundleColumns, 2);
    const entries = [entry('x', { set1: 0.2, set2: 0.4 }), entry('y', { set1: 0.5, set2: 0.5 })];
    const rows = rankLeaderboard(columns, entries, { primaryKey });
    expect(rows.map((r) => [r.id, r.scores.mean])).toEqual([
      ['y', 0.5],
      ['x', expect.closeTo(0.3, 12)],
    ]);
  });

  it('refuses indexes that name no column', () => {
    const broken = [bundleColumns[0], bundleColumns[1], { ...bundleColumns[2], computationIndexes: [0, 7, 8] }];
    expect(() => columnsFromIndexed(broken)).toThrow(/column "mean": computationIndexes 7, 8 name no column/);
    expect(() => primaryKeyFromIndex(bundleColumns, 9)).toThrow(LeaderboardError);
  });
});
