import type { ColumnModel, SubmissionRule } from '@arena/bundle';
import { participantChooses } from '@arena/leaderboard';
import type { HistoryValue } from './leaderboard-read.repository';

/**
 * The column a board's history follows: its primary column, unless that aggregates ranks. A rank only means
 * something within the field of one moment, so "the best mean rank so far" is no series; the chart then follows the
 * first column the aggregate ranks by, and says so in its `column` and `title`.
 */
export function chartedColumn(columns: readonly ColumnModel[], primaryIndex: number): ColumnModel | null {
  const primary = columns.find((c) => c.index === primaryIndex);
  if (!primary?.rankAggregate) {
    return primary ?? null;
  }
  return columns.find((c) => c.index === primary.rankAggregate!.indexes[0]) ?? null;
}

/** How the history query reads the charted column from a submission's scores. */
export function historyValue(column: ColumnModel, columns: readonly ColumnModel[], rule: SubmissionRule): HistoryValue {
  const keyOf = new Map(columns.map((c) => [c.index, c.key]));
  const computed = column.computation && column.computationIndexes;
  return {
    keys: computed ? column.computationIndexes!.map((i) => keyOf.get(i) ?? `#${i}`) : [column.key],
    computation: computed ? column.computation! : 'max',
    direction: column.sorting === 'desc' ? 1 : -1,
    pickedOnly: participantChooses(rule),
  };
}
