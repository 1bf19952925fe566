import type { ColumnModel } from './competition.model';
import type { IndexedColumn } from '@arena/leaderboard';

/**
 * Bundle columns as the ranking library reads them (the API ranks boards with it, `arena bundle test` ranks a local
 * run the same way): both kinds of computed column name their sources by index.
 */
export function toIndexedColumns(columns: readonly ColumnModel[]): IndexedColumn[] {
  return columns.map((c) => {
    const base = {
      key: c.key,
      title: c.title,
      index: c.index,
      sorting: c.sorting,
      precision: c.precision,
      hidden: c.hidden,
    };
    if (c.rankAggregate) {
      return {
        ...base,
        rankAggregate: c.rankAggregate.method,
        computationIndexes: c.rankAggregate.indexes,
        weights: c.rankAggregate.weights,
      };
    }
    if (c.computation) {
      return { ...base, computation: c.computation, computationIndexes: c.computationIndexes };
    }
    return base;
  });
}
