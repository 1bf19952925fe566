import { effectiveSorting } from './column-def';
import { validateColumns, validateRankOptions } from './column-validation';
import { computeWithRankings } from './compute-columns';
import { validateEntries } from './entry-validation';
import { ColumnDef, RankedRow, RankOptions, ScoreEntry } from './leaderboard.types';
import { rankValues } from './rank-column';
import { compareIds, resolvePolicy, submittedAtMs } from './score-value';

interface RowDraft {
  row: RankedRow;
  time: number;
  /** Ranks of the primary then the tie-break columns; a missing value sorts as Infinity (last). */
  order: number[];
}

/**
 * Ranks a leaderboard. Final order: primary column, then each tie-break column, then the earlier submission, then
 * the id, so that the same entries always give the same rows whatever their input order.
 *
 * `rank` follows the tie policy over the primary and tie-break columns only: rows equal on all of them share a rank
 * even when submission time orders them (Codabench's rank is the row position, so equal scores got different ranks).
 * Rows without a usable primary score come last with rank null: ranking them "tied last" would display a place for
 * a submission that has no score on the column that decides the board.
 */
export function rankLeaderboard(
  columns: readonly ColumnDef[],
  entries: readonly ScoreEntry[],
  options: RankOptions,
): RankedRow[] {
  validateColumns(columns);
  validateRankOptions(columns, options);
  validateEntries(entries, { dates: true });
  const { tiePolicy, epsilon } = resolvePolicy(options);
  const { scored, rankings } = computeWithRankings(columns, entries, options);
  const columnRanks = new Map(
    columns.map((column) => {
      // A source column of a rank aggregate was ranked already, over the same values with the same rule.
      const known = rankings.get(column.key);
      if (known) {
        return [column.key, known.ranks] as const;
      }
      const values = scored.map((entry) => ({ id: entry.id, value: entry.scores[column.key] ?? null }));
      return [column.key, rankValues(values, effectiveSorting(column), tiePolicy, epsilon).ranks] as const;
    }),
  );
  const orderKeys = [options.primaryKey, ...(options.tieBreakKeys ?? [])];
  const drafts: RowDraft[] = scored.map((entry) => {
    const time = submittedAtMs(entry);
    const ranks = Object.fromEntries(columns.map((c) => [c.key, columnRanks.get(c.key)!.get(entry.id) ?? null]));
    const row: RankedRow = {
      rank: null,
      id: entry.id,
      participantId: entry.participantId,
      submittedAt: new Date(time).toISOString(),
      scores: entry.scores,
      columnRanks: ranks,
    };
    return { row, time, order: orderKeys.map((key) => ranks[key] ?? Number.POSITIVE_INFINITY) };
  });
  // Column ranks already encode direction, epsilon and missing-last, and integers compare transitively.
  drafts.sort((a, b) => compareOrder(a.order, b.order) || a.time - b.time || compareIds(a.row.id, b.row.id));
  assignRanks(drafts, tiePolicy === 'dense');
  return drafts.map((draft) => draft.row);
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return 0;
}

function assignRanks(drafts: readonly RowDraft[], dense: boolean): void {
  let rank = 0;
  drafts.forEach((draft, position) => {
    if (draft.order[0] === Number.POSITIVE_INFINITY) {
      return;
    }
    if (position === 0 || compareOrder(draft.order, drafts[position - 1].order) !== 0) {
      rank = dense ? rank + 1 : position + 1;
    }
    draft.row.rank = rank;
  });
}
