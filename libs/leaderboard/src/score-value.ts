import { LeaderboardError } from './leaderboard.error';
import { RankingPolicy, ScoreEntry, TiePolicy } from './leaderboard.types';

export const DEFAULT_EPSILON = 1e-12;
export const DEFAULT_TIE_POLICY: TiePolicy = 'dense';

export function resolvePolicy(policy: RankingPolicy = {}): Required<RankingPolicy> {
  return { tiePolicy: policy.tiePolicy ?? DEFAULT_TIE_POLICY, epsilon: policy.epsilon ?? DEFAULT_EPSILON };
}

/**
 * The value ranking may use: a finite number of an entry that did not fail. NaN is not turned into 0 as v1 did: a
 * broken metric must not outrank a real one in an ascending column.
 */
export function usableScore(entry: Pick<ScoreEntry, 'scores' | 'failed'>, key: string): number | null {
  if (entry.failed) {
    return null;
  }
  const value = entry.scores[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function submittedAtMs(entry: Pick<ScoreEntry, 'id' | 'submittedAt'>): number {
  const ms = entry.submittedAt instanceof Date ? entry.submittedAt.getTime() : Date.parse(entry.submittedAt);
  if (Number.isNaN(ms)) {
    throw new LeaderboardError('INVALID_ENTRIES', [`entry "${entry.id}": submittedAt is not a valid date`]);
  }
  return ms;
}

/** Code-unit order: locale-independent, so the same input sorts the same on every server. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
