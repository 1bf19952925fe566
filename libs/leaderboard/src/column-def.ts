import { LeaderboardError } from './leaderboard.error';
import { ColumnDef, Sorting } from './leaderboard.types';

export function isComputed(column: ColumnDef): boolean {
  return column.computation !== undefined || column.rankAggregate !== undefined;
}

/** The direction a column actually ranks in; rank aggregates have an intrinsic one (see `ColumnDef.sorting`). */
export function effectiveSorting(column: ColumnDef): Sorting {
  switch (column.rankAggregate) {
    case 'avgRank':
    case 'weightedRank':
      return 'asc';
    case 'mrr':
      return 'desc';
    case undefined:
      return column.sorting;
  }
}

export function findColumn(columns: readonly ColumnDef[], key: string): ColumnDef {
  const column = columns.find((c) => c.key === key);
  if (!column) {
    throw new LeaderboardError('INVALID_OPTIONS', [`unknown column "${key}"`]);
  }
  return column;
}
