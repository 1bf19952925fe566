import type { CompetitionModel } from '@arena/bundle';

/**
 * CodaLab v1's `leaderboard_management_mode: hide_results` on a phase, kept by the bundle parser in
 * `extra.codalab.phases[index]`: the phase starts with its results hidden until an organizer reveals them.
 */
export function resultsHiddenAtImport(model: Pick<CompetitionModel, 'format' | 'extra'>, phaseIndex: number): boolean {
  if (model.format !== 'v1') {
    return false;
  }
  const codalab = model.extra?.codalab;
  const phases = isRecord(codalab) && Array.isArray(codalab.phases) ? codalab.phases : [];
  const phase: unknown = phases[phaseIndex];
  return isRecord(phase) && phase.leaderboard_management_mode === 'hide_results';
}

/** Who sees which part of a board: cached responses are keyed by it. */
export type Audience = 'organizer' | 'public' | 'hidden';

export function audienceOf(organizer: boolean, resultsHidden: boolean): Audience {
  if (organizer) {
    return 'organizer';
  }
  return resultsHidden ? 'hidden' : 'public';
}

/**
 * Score keys a participant must not see: columns hidden on their board, or on a hidden board, unless another visible
 * board shows the same key. Keys no board declares are the scoring program's own and stay visible.
 */
export function hiddenScoreKeys(
  boards: { hidden: boolean; columns: readonly { key: string; hidden: boolean }[] }[],
): Set<string> {
  const shown = new Set(
    boards.filter((b) => !b.hidden).flatMap((b) => b.columns.filter((c) => !c.hidden).map((c) => c.key)),
  );
  return new Set(
    boards.flatMap((b) => b.columns.filter((c) => b.hidden || c.hidden).map((c) => c.key)).filter((k) => !shown.has(k)),
  );
}

/** A submission without the score keys its viewer may not see (its runs' scores too, and their extra output). */
export function withoutKeys<T extends { scores?: unknown; runs?: readonly object[] }>(dto: T, keys: Set<string>): T {
  const strip = (scores: unknown) =>
    scores && typeof scores === 'object'
      ? Object.fromEntries(Object.entries(scores).filter(([k]) => !keys.has(k)))
      : scores;
  const copy: Record<string, unknown> = { ...dto };
  if ('scores' in copy) {
    copy.scores = strip(copy.scores);
  }
  if (dto.runs) {
    copy.runs = dto.runs.map((run) =>
      'scores' in run ? { ...run, scores: strip((run as { scores: unknown }).scores) } : run,
    );
  }
  // Extra output (what the scorer wrote beside its columns) may repeat a hidden column's value under any name, nested
  // anywhere: like the logs, it cannot be filtered, so it is withheld.
  if (copy.runs) {
    copy.runs = (copy.runs as object[]).map((run) => ('extraScores' in run ? { ...run, extraScores: null } : run));
  }
  return copy as T;
}

/** A submission as a participant may see it while the phase's results are hidden: no score (nor extra output) anywhere. */
export function withoutScores<T extends { scores?: unknown; runs?: readonly object[] }>(dto: T): T {
  const copy: Record<string, unknown> = { ...dto };
  if ('scores' in copy) {
    copy.scores = null;
  }
  if (dto.runs) {
    copy.runs = dto.runs.map((run) => ('scores' in run ? { ...run, scores: null } : run));
  }
  // What a scorer writes beside its scores (extra output) goes with them.
  if (copy.runs) {
    copy.runs = (copy.runs as object[]).map((run) => ('extraScores' in run ? { ...run, extraScores: null } : run));
  }
  return copy as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
