import { LeaderboardError } from './leaderboard.error';
import { ColumnDef, RankOptions, ScoreEntry } from './leaderboard.types';
import { rankLeaderboard } from './rank-leaderboard';
import { submittedAtMs } from './score-value';
import { SUBMISSION_RULES, SubmissionRule } from './submission-rule';

export interface CandidateSubmission extends ScoreEntry {
  /** The participant put it on the leaderboard (the `Add*` rules). */
  selected?: boolean;
  finished: boolean;
}

/** `Force_Best` ranks by these; the other rules need none. */
export interface SelectOptions extends Partial<RankOptions> {
  columns?: readonly ColumnDef[];
}

/**
 * The submissions that appear on the leaderboard, in input order. Unfinished and failed ones never appear.
 * "Latest" means the latest `submittedAt`, then the greatest id, so that equal timestamps still pick one.
 */
export function selectEntries<T extends CandidateSubmission>(
  rule: SubmissionRule,
  submissions: readonly T[],
  options: SelectOptions = {},
): T[] {
  const eligible = submissions.filter((s) => s.finished && !s.failed);
  const chosen = new Set<T>(chooseEntries(rule, eligible, options));
  return submissions.filter((s) => chosen.has(s));
}

function chooseEntries<T extends CandidateSubmission>(
  rule: SubmissionRule,
  eligible: T[],
  options: SelectOptions,
): T[] {
  switch (rule) {
    case 'Add':
    case 'Add_And_Delete':
      // Removal only changes which submissions are selected; both keep one entry per participant.
      return latestPerParticipant(eligible.filter((s) => s.selected));
    case 'Add_And_Delete_Multiple':
      return eligible.filter((s) => s.selected);
    case 'Force_Last':
      return latestPerParticipant(eligible);
    case 'Force_Latest_Multiple':
      return eligible;
    case 'Force_Best':
      return bestPerParticipant(eligible, options);
    default:
      throw new LeaderboardError('INVALID_OPTIONS', [
        `unknown submission rule "${String(rule)}"; expected one of ${SUBMISSION_RULES.join(', ')}`,
      ]);
  }
}

function latestPerParticipant<T extends CandidateSubmission>(submissions: readonly T[]): T[] {
  const latest = new Map<string, { submission: T; time: number }>();
  for (const submission of submissions) {
    const time = submittedAtMs(submission);
    const current = latest.get(submission.participantId);
    if (!current || time > current.time || (time === current.time && submission.id > current.submission.id)) {
      latest.set(submission.participantId, { submission, time });
    }
  }
  return [...latest.values()].map((l) => l.submission);
}

/**
 * Ranks all eligible submissions together with the leaderboard's own ordering (primary, tie-breaks, earliest, id)
 * and keeps each participant's first row. Ranking them together matters for rank aggregates, whose values depend on
 * the field; for score columns it is the same as comparing each participant's submissions alone.
 */
function bestPerParticipant<T extends CandidateSubmission>(submissions: readonly T[], options: SelectOptions): T[] {
  const { columns, primaryKey } = options;
  if (!columns || primaryKey === undefined) {
    throw new LeaderboardError('INVALID_OPTIONS', [
      'Force_Best needs columns and primaryKey to find the best submission',
    ]);
  }
  const rows = rankLeaderboard(columns, submissions, { ...options, primaryKey });
  const byId = new Map(submissions.map((s) => [s.id, s]));
  const best = new Map<string, T>();
  for (const row of rows) {
    if (!best.has(row.participantId)) {
      best.set(row.participantId, byId.get(row.id)!);
    }
  }
  return [...best.values()];
}
