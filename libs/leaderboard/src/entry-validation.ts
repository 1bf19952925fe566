import { LeaderboardError } from './leaderboard.error';
import { ScoreEntry } from './leaderboard.types';
import { submittedAtMs } from './score-value';

/** Ids key every rank, so they must be unique; with `dates`, every submittedAt must parse. */
export function validateEntries(entries: readonly ScoreEntry[], options: { dates: boolean }): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) {
      problems.push(`entry "${entry.id}" appears more than once`);
    }
    seen.add(entry.id);
    if (options.dates) {
      try {
        submittedAtMs(entry);
      } catch (error) {
        problems.push(...(error as LeaderboardError).problems);
      }
    }
  }
  if (problems.length > 0) {
    throw new LeaderboardError('INVALID_ENTRIES', problems);
  }
}
