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
 * Each participant's best submission: the first of their own submissions in the leaderboard's ordering (primary,
 * tie-breaks, earliest, id), ranked among themselves. For score columns this is the same as ranking everyone's
 * submissions together. For a rank aggregate (average rank...), whose value depends on the field it is ranked in,
 * ranking each participant's submissions apart means that what others submit never changes which of yours is kept,
 * and that a board maintained one submission at a time (the participant's submissions so far) equals a rebuild.
 */
function bestPerParticipant<T extends CandidateSubmission>(submissions: readonly T[], options: SelectOptions): T[] {
  const { columns, primaryKey } = options;
  if (!columns || primaryKey === undefined) {
    throw new LeaderboardError('INVALID_OPTIONS', [
      'Force_Best needs columns and primaryKey to find the best submission',
    ]);
  }
  const byParticipant = new Map<string, T[]>();
  for (const s of submissions) {
    const own = byParticipant.get(s.participantId);
    if (own) {
      own.push(s);
    } else {
      byParticipant.set(s.participantId, [s]);
    }
  }
  return [...byParticipant.values()].map((own) => {
    if (own.length === 1) {
      return own[0];
    }
    const [first] = rankLeaderboard(columns, own, { ...options, primaryKey });
    return own.find((s) => s.id === first.id)!;
  });
}
