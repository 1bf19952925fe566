import type { ColumnModel } from '@arena/bundle';
import { describe, expect, it } from 'vitest';
import { chartedColumn, historyValue } from './leaderboard-history';

const col = (key: string, index: number, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  key,
  title: key.toUpperCase(),
  index,
  sorting: 'desc',
  precision: 2,
  hidden: false,
  ...extra,
});

const COLUMNS = [
  col('acc', 0),
  col('loss', 1, { sorting: 'asc' }),
  col('mean', 2, { computation: 'avg', computationIndexes: [0, 1] }),
  col('rank', 3, { sorting: 'asc', rankAggregate: { method: 'avgRank', indexes: [1, 0] } }),
];

describe('chartedColumn', () => {
  it.each([
    [0, 'acc'],
    [1, 'loss'],
    [2, 'mean'],
    // A rank aggregate has no meaning over time: its first ranked column is charted instead.
    [3, 'loss'],
  ])('primary index %i charts %s', (primary, key) => {
    expect(chartedColumn(COLUMNS, primary)?.key).toBe(key);
  });

  it('is null when the primary index names no column', () => {
    expect(chartedColumn(COLUMNS, 9)).toBeNull();
  });
});

describe('historyValue', () => {
  it('reads one score, in the column direction', () => {
    expect(historyValue(COLUMNS[1], COLUMNS, 'Force_Best')).toEqual({
      keys: ['loss'],
      computation: 'max',
      direction: -1,
      pickedOnly: false,
    });
  });

  it('computes a score computation over its source columns; Add rules count only picked submissions', () => {
    expect(historyValue(COLUMNS[2], COLUMNS, 'Add_And_Delete')).toEqual({
      keys: ['acc', 'loss'],
      computation: 'avg',
      direction: 1,
      pickedOnly: true,
    });
  });
});
