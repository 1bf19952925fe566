import { formatScore } from './leaderboard-view';

/** One score column as every table of scores shows it: the board's title, its place and its precision. */
export interface ScoreColumn {
  key: string;
  title: string;
  precision: number;
}

/** Decimals of a score whose column no leaderboard describes (the boards' own default). */
export const DEFAULT_SCORE_PRECISION = 4;

interface BoardColumns {
  columns: readonly { key: string; title: string; precision: number; index?: number }[];
}

/**
 * The one column definition of the board, the submission page, "My submissions" and the organizer's table: the
 * columns the submissions have scores for, titled and ordered as the competition's leaderboards list them (boards in
 * order, each board's columns by index), then any score no board describes, under its key with 4 decimals.
 */
export function scoreColumns(
  boards: readonly BoardColumns[] | undefined,
  submissions: readonly { scores?: Record<string, number> | null }[],
): ScoreColumn[] {
  const scored = new Set(submissions.flatMap((s) => Object.keys(s.scores ?? {})));
  const out: ScoreColumn[] = [];
  const seen = new Set<string>();
  for (const b of boards ?? []) {
    const ordered = [...b.columns].sort((x, y) => (x.index ?? 0) - (y.index ?? 0));
    for (const c of ordered) {
      if (scored.has(c.key) && !seen.has(c.key)) {
        seen.add(c.key);
        out.push({ key: c.key, title: c.title, precision: c.precision });
      }
    }
  }
  for (const key of scored) {
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ key, title: key, precision: DEFAULT_SCORE_PRECISION });
    }
  }
  return out;
}

/** A score under its column: the column's precision, '—' when missing. */
export function formatColumnScore(value: number | null | undefined, column: ScoreColumn): string {
  return formatScore(value, column.precision);
}
