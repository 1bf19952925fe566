import { isComputed } from './column-def';
import { validateColumns, validatePolicy } from './column-validation';
import { validateEntries } from './entry-validation';
import { ColumnDef, RankingPolicy, ScoreComputation, ScoredEntry, ScoreEntry } from './leaderboard.types';
import { ColumnRanking, rankByColumn } from './rank-column';
import { resolvePolicy, usableScore } from './score-value';

/**
 * Returns copies of the entries whose `scores` hold every declared column as a number or null, computed columns
 * included. Keys no column declares are dropped (v1 ignores them too); a failed entry has only nulls.
 *
 * Score computations (`computation`) are null as soon as one input is missing: Codabench averages the columns
 * present, so a submission that skipped its hardest task could top the board on a partial average.
 *
 * Rank aggregates (`rankAggregate`) read each source column's rank among the given entries, with that column's own
 * sorting and the policy's tie rule. A missing source value counts as tied last (`ColumnRanking.lastRank`: dense max
 * rank + 1 as v1, or ranked count + 1 under standard), so the aggregate stays defined yet never rewards the gap.
 */
export function computeColumns<E extends ScoreEntry>(
  columns: readonly ColumnDef[],
  entries: readonly E[],
  policy: RankingPolicy = {},
): Array<ScoredEntry<E>> {
  validateColumns(columns);
  validatePolicy(policy);
  validateEntries(entries, { dates: false });
  return computeValidated(columns, entries, policy);
}

export function computeValidated<E extends ScoreEntry>(
  columns: readonly ColumnDef[],
  entries: readonly E[],
  policy: RankingPolicy,
): Array<ScoredEntry<E>> {
  return computeWithRankings(columns, entries, policy).scored;
}

/**
 * `computeValidated`, with the rankings of the source columns its rank aggregates read: ranking the board needs the
 * same rankings again, and sorting a large board's columns twice is most of its cost.
 */
export function computeWithRankings<E extends ScoreEntry>(
  columns: readonly ColumnDef[],
  entries: readonly E[],
  policy: RankingPolicy,
): { scored: Array<ScoredEntry<E>>; rankings: ReadonlyMap<string, ColumnRanking> } {
  const { tiePolicy, epsilon } = resolvePolicy(policy);
  const inputs = columns.filter((c) => !isComputed(c));
  const scored = entries.map((entry) => ({
    ...entry,
    scores: Object.fromEntries(inputs.map((c) => [c.key, usableScore(entry, c.key)])) as Record<string, number | null>,
  }));
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const rankings = new Map<string, ColumnRanking>();
  const rankingOf = (key: string): ColumnRanking => {
    let ranking = rankings.get(key);
    if (!ranking) {
      ranking = rankByColumn(byKey.get(key)!, scored, tiePolicy, epsilon);
      rankings.set(key, ranking);
    }
    return ranking;
  };
  for (const column of columns.filter(isComputed)) {
    const keys = column.computationKeys!;
    for (const entry of scored) {
      if (entry.failed) {
        entry.scores[column.key] = null;
      } else if (column.computation) {
        entry.scores[column.key] = computeScore(
          column.computation,
          keys.map((k) => entry.scores[k]),
          column.weights,
        );
      } else {
        const ranks = keys.map((k) => rankingOf(k).ranks.get(entry.id) ?? rankingOf(k).lastRank);
        entry.scores[column.key] = aggregateRanks(column, ranks);
      }
    }
  }
  return { scored: scored as Array<ScoredEntry<E>>, rankings };
}

function computeScore(
  computation: ScoreComputation,
  values: ReadonlyArray<number | null>,
  weights: readonly number[] | undefined,
): number | null {
  if (values.some((v) => v === null)) {
    return null;
  }
  const numbers = values as number[];
  let result: number;
  switch (computation) {
    case 'avg':
      result = sum(numbers) / numbers.length;
      break;
    case 'sum':
      result = sum(numbers);
      break;
    case 'min':
      result = Math.min(...numbers);
      break;
    case 'max':
      result = Math.max(...numbers);
      break;
    case 'weighted':
      result = sum(numbers.map((v, i) => v * weights![i]));
      break;
  }
  // Finite inputs can still overflow a sum; an infinite score would rank as a real value.
  return Number.isFinite(result) ? result : null;
}

function aggregateRanks(column: ColumnDef, ranks: readonly number[]): number {
  switch (column.rankAggregate) {
    case 'avgRank':
      return sum(ranks) / ranks.length;
    case 'weightedRank': {
      // A weighted mean, where v1 summed without dividing: same order, but the value stays on the rank scale.
      const weights = column.weights!;
      return sum(ranks.map((r, i) => r * weights[i])) / sum(weights);
    }
    case 'mrr':
      return sum(ranks.map((r) => 1 / r)) / ranks.length;
    case undefined:
      throw new Error(`column "${column.key}" has no rank aggregate`);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
