import { toIndexedColumns } from '@arena/bundle';
import {
  type CandidateSubmission,
  type ColumnDef,
  columnsFromIndexed,
  isComputed,
  primaryKeyFromIndex,
  rankLeaderboard,
  selectEntries,
  type SubmissionRule,
} from '@arena/leaderboard';
import type { LeaderboardEntity } from '@api/competitions/entities/leaderboard.entity';

/** What ranking one board needs, derived once from its stored settings. */
export interface BoardRanking {
  rule: SubmissionRule;
  columns: ColumnDef[];
  primaryKey: string;
  /** Columns a submission's scores fill; the others are computed. */
  inputKeys: string[];
}

/** One maintained row: `position` is the 1-based row order, `rank` the shared rank (null without primary score). */
export interface EntryRow {
  submissionId: string;
  entrantId: string;
  submittedAt: string;
  rank: number | null;
  position: number;
  scores: Record<string, number | null>;
  columnRanks: Record<string, number | null>;
}

export function boardRanking(
  board: Pick<LeaderboardEntity, 'columns' | 'primaryIndex' | 'submissionRule'>,
): BoardRanking {
  const indexed = toIndexedColumns(board.columns);
  const columns = columnsFromIndexed(indexed);
  return {
    rule: board.submissionRule,
    columns,
    primaryKey: primaryKeyFromIndex(indexed, board.primaryIndex),
    inputKeys: columns.filter((c) => !isComputed(c)).map((c) => c.key),
  };
}

/** Applies the board's submission rule to the candidates and ranks what it keeps. */
export function rankCandidates(ranking: BoardRanking, candidates: readonly CandidateSubmission[]): EntryRow[] {
  const { columns, primaryKey } = ranking;
  const chosen = selectEntries(ranking.rule, candidates, { columns, primaryKey });
  return rankLeaderboard(columns, chosen, { primaryKey }).map((row, i) => ({
    submissionId: row.id,
    entrantId: row.participantId,
    submittedAt: row.submittedAt,
    rank: row.rank,
    position: i + 1,
    scores: row.scores,
    columnRanks: row.columnRanks,
  }));
}

/** A stored row as a candidate again: only its input scores, since computed ones depend on the whole field. */
export function entryAsCandidate(ranking: BoardRanking, row: EntryRow): CandidateSubmission {
  return {
    id: row.submissionId,
    participantId: row.entrantId,
    submittedAt: row.submittedAt,
    scores: Object.fromEntries(ranking.inputKeys.map((k) => [k, row.scores[k] ?? null])),
    finished: true,
    selected: true,
  };
}

/**
 * Whether a new submission is ranked with its entrant's earlier finished submissions rather than with the entrant's
 * row alone. Force_Best keeps each entrant's best among their own submissions (see `selectEntries`); under a rank
 * aggregate that depends on all of them, not on the kept one alone, so the maintainer reads them as a rebuild does.
 */
export function ranksEntrantHistory(ranking: BoardRanking): boolean {
  return ranking.rule === 'Force_Best';
}

/**
 * What the board's rule chooses from when the submissions `arrived` finish, however many at once: the board's rows
 * and the new submissions or, when `ranksEntrantHistory`, every finished submission of their entrants (`history`,
 * the new ones included) in place of those entrants' rows. A submission already on the board is counted once, with
 * its arrived scores, so applying an arrival again changes nothing. Ranking these gives the rows a rebuild from all
 * submissions would give.
 */
export function arrivalCandidates(
  ranking: BoardRanking,
  rows: readonly EntryRow[],
  arrived: readonly CandidateSubmission[],
  history: readonly CandidateSubmission[] = [],
): CandidateSubmission[] {
  if (!ranksEntrantHistory(ranking)) {
    // An arrival of a submission already on the board replaces its row: a task added later (benchmark mode) brings
    // the submission back with more scores; the same scores again change nothing.
    const again = new Set(arrived.map((a) => a.id));
    const kept = rows.filter((r) => !again.has(r.submissionId)).map((r) => entryAsCandidate(ranking, r));
    return [...kept, ...uniqueById(arrived)];
  }
  const entrants = new Set(arrived.map((a) => a.participantId));
  const others = rows.filter((r) => !entrants.has(r.entrantId)).map((r) => entryAsCandidate(ranking, r));
  const own = uniqueById([...history.filter((s) => entrants.has(s.participantId)), ...arrived]);
  return [...others, ...own];
}

/** The first of each id, in order. */
function uniqueById(subs: readonly CandidateSubmission[]): CandidateSubmission[] {
  const seen = new Set<string>();
  return subs.filter((s) => !seen.has(s.id) && (seen.add(s.id), true));
}

export function sameRow(a: EntryRow, b: EntryRow): boolean {
  return (
    a.rank === b.rank &&
    a.position === b.position &&
    a.entrantId === b.entrantId &&
    sameRecord(a.scores, b.scores) &&
    sameRecord(a.columnRanks, b.columnRanks)
  );
}

/** A missing key equals null. Without building a set of keys: a batch compares every row of a large board. */
function sameRecord(a: Record<string, number | null>, b: Record<string, number | null>): boolean {
  for (const k in a) {
    if ((a[k] ?? null) !== (b[k] ?? null)) {
      return false;
    }
  }
  for (const k in b) {
    if (!(k in a) && b[k] !== null && b[k] !== undefined) {
      return false;
    }
  }
  return true;
}
