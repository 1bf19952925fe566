import { describe, expect, it } from 'vitest';
import { formatColumnScore, scoreColumns } from './score-columns';

const boards = [
  {
    columns: [
      { key: 'rmse', title: 'RMSE', precision: 3, index: 1 },
      { key: 'auc', title: 'AUC', precision: 4, index: 0 },
    ],
  },
  {
    columns: [
      { key: 'time', title: 'Time (s)', precision: 1, index: 0 },
      { key: 'auc', title: 'AUC again', precision: 2 },
    ],
  },
];

describe('scoreColumns', () => {
  it('orders and titles the columns as the boards do, only those with scores, unknown keys last with 4 decimals', () => {
    const subs: { scores: Record<string, number> | null }[] = [
      { scores: { extra: 1, rmse: 0.5 } },
      { scores: { auc: 0.84, time: 3 } },
      { scores: null },
    ];
    expect(scoreColumns(boards, subs)).toEqual([
      { key: 'auc', title: 'AUC', precision: 4 },
      { key: 'rmse', title: 'RMSE', precision: 3 },
      { key: 'time', title: 'Time (s)', precision: 1 },
      { key: 'extra', title: 'extra', precision: 4 },
    ]);
  });

  it('works before the boards are known', () => {
    expect(scoreColumns(undefined, [{ scores: { auc: 0.84 } }])).toEqual([{ key: 'auc', title: 'auc', precision: 4 }]);
  });

  it('formats by the column precision', () => {
    expect(formatColumnScore(0.84, { key: 'auc', title: 'AUC', precision: 4 })).toBe('0.8400');
    expect(formatColumnScore(undefined, { key: 'auc', title: 'AUC', precision: 4 })).toBe('—');
  });
});
