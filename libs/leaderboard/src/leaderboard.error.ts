export type LeaderboardErrorCode = 'INVALID_COLUMNS' | 'INVALID_OPTIONS' | 'INVALID_ENTRIES';

const SUBJECT: Record<LeaderboardErrorCode, string> = {
  INVALID_COLUMNS: 'leaderboard columns',
  INVALID_OPTIONS: 'ranking options',
  INVALID_ENTRIES: 'leaderboard entries',
};

/** A configuration or input the library refuses; `problems` lists every offence found, not only the first. */
export class LeaderboardError extends Error {
  constructor(
    readonly code: LeaderboardErrorCode,
    readonly problems: string[],
  ) {
    super(`Invalid ${SUBJECT[code]}: ${problems.join('; ')}`);
    this.name = 'LeaderboardError';
  }
}
