import { LeaderboardError } from './leaderboard.error';
import { ColumnDef } from './leaderboard.types';

/** A column as bundles declare it (Codabench `index` / `computation_indexes`, the bundle lib's `ColumnModel`). */
export interface IndexedColumn extends Omit<ColumnDef, 'computationKeys'> {
  index: number;
  computationIndexes?: number[];
}

/** Turns `computationIndexes` into `computationKeys`; throws listing every index that names no column. */
export function columnsFromIndexed(columns: readonly IndexedColumn[]): ColumnDef[] {
  const keyOf = new Map(columns.map((c) => [c.index, c.key]));
  const problems: string[] = [];
  const result = columns.map(({ index: _index, computationIndexes, ...column }): ColumnDef => {
    if (computationIndexes === undefined) {
      return column;
    }
    const missing = computationIndexes.filter((i) => !keyOf.has(i));
    if (missing.length > 0) {
      problems.push(`column "${column.key}": computationIndexes ${missing.join(', ')} name no column`);
    }
    return { ...column, computationKeys: computationIndexes.map((i) => keyOf.get(i) ?? `#${i}`) };
  });
  if (problems.length > 0) {
    throw new LeaderboardError('INVALID_COLUMNS', problems);
  }
  return result;
}

/** The key of the column whose `index` is the leaderboard's `primaryIndex` (Codabench `primary_index`). */
export function primaryKeyFromIndex(columns: readonly IndexedColumn[], primaryIndex: number): string {
  const column = columns.find((c) => c.index === primaryIndex);
  if (!column) {
    throw new LeaderboardError('INVALID_OPTIONS', [`primary index ${primaryIndex} names no column`]);
  }
  return column.key;
}
