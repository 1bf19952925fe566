import { effectiveSorting, findColumn } from './column-def';
import { validateColumns, validatePolicy } from './column-validation';
import { ColumnDef, ScoreEntry, Sorting, TiePolicy } from './leaderboard.types';
import { compareIds, DEFAULT_EPSILON, DEFAULT_TIE_POLICY, usableScore } from './score-value';

export interface ColumnRanking {
  /** Rank per entry id; null for an entry without a usable value. */
  ranks: Map<string, number | null>;
  /** The rank the next, worse entry would get: what rank aggregates charge for a missing value (tied last). */
  lastRank: number;
}

/**
 * Ranks one column. Missing, NaN, non-finite and failed values get a null rank and come after every ranked value
 * whatever the direction (Codabench's PostgreSQL `DESC` put them first: the "n/a ranked #1" reports).
 * Computed columns are read from `entries[].scores` as given: pass the output of `computeColumns`.
 */
export function rankColumn(
  columns: readonly ColumnDef[],
  entries: readonly ScoreEntry[],
  key: string,
  policy: TiePolicy = DEFAULT_TIE_POLICY,
  epsilon: number = DEFAULT_EPSILON,
): Map<string, number | null> {
  validateColumns(columns);
  validatePolicy({ tiePolicy: policy, epsilon });
  return rankByColumn(findColumn(columns, key), entries, policy, epsilon).ranks;
}

export function rankByColumn(
  column: ColumnDef,
  entries: readonly ScoreEntry[],
  policy: TiePolicy,
  epsilon: number,
): ColumnRanking {
  const values = entries.map((entry) => ({ id: entry.id, value: usableScore(entry, column.key) }));
  return rankValues(values, effectiveSorting(column), policy, epsilon);
}

export function rankValues(
  values: ReadonlyArray<{ id: string; value: number | null }>,
  sorting: Sorting,
  policy: TiePolicy,
  epsilon: number,
): ColumnRanking {
  const sign = sorting === 'asc' ? 1 : -1;
  const ranked = values
    .filter((v): v is { id: string; value: number } => v.value !== null)
    .sort((a, b) => sign * (a.value - b.value) || compareIds(a.id, b.id));
  const ranks = new Map<string, number | null>(values.map((v) => [v.id, null]));
  let rank = 0;
  let groupStart = Number.NaN;
  ranked.forEach(({ id, value }, position) => {
    // Compared with the group's first value, as v1 does, so that a chain of near-equal values cannot merge forever.
    if (position === 0 || Math.abs(value - groupStart) > epsilon) {
      rank = policy === 'dense' ? rank + 1 : position + 1;
      groupStart = value;
    }
    ranks.set(id, rank);
  });
  return { ranks, lastRank: policy === 'dense' ? rank + 1 : ranked.length + 1 };
}
