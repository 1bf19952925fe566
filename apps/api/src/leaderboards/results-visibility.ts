import type { CompetitionModel } from '@arena/bundle';

/**
 * CodaLab v1's `leaderboard_management_mode: hide_results` on a phase, kept by the bundle parser in
 * `extra.codalab.phases[index]`: the phase starts with its results hidden until an organizer reveals them.
 */
export function resultsHiddenAtImport(model: Pick<CompetitionModel, 'format' | 'extra'>, phaseIndex: number): boolean {
  if (model.format !== 'v1') return false;
  const codalab = model.extra?.codalab;
  const phases = isRecord(codalab) && Array.isArray(codalab.phases) ? codalab.phases : [];
  const phase: unknown = phases[phaseIndex];
  return isRecord(phase) && phase.leaderboard_management_mode === 'hide_results';
}

/** Who sees which part of a board: cached responses are keyed by it. */
export type Audience = 'organizer' | 'public' | 'hidden';

export function audienceOf(organizer: boolean, resultsHidden: boolean): Audience {
  if (organizer) return 'organizer';
  return resultsHidden ? 'hidden' : 'public';
}

/** A submission as a participant may see it while the phase's results are hidden: no score anywhere. */
export function withoutScores<T extends { scores?: unknown; runs?: readonly object[] }>(dto: T): T {
  const copy: Record<string, unknown> = { ...dto };
  if ('scores' in copy) copy.scores = null;
  if (dto.runs) copy.runs = dto.runs.map((run) => ('scores' in run ? { ...run, scores: null } : run));
  return copy as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
