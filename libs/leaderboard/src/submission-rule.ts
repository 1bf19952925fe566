/** Which submissions of a participant (or team) appear on a leaderboard: Codabench's `submission_rule`. */
export type SubmissionRule =
  'Add' | 'Add_And_Delete' | 'Add_And_Delete_Multiple' | 'Force_Last' | 'Force_Latest_Multiple' | 'Force_Best';

export const SUBMISSION_RULES: readonly SubmissionRule[] = [
  'Add',
  'Add_And_Delete',
  'Add_And_Delete_Multiple',
  'Force_Last',
  'Force_Latest_Multiple',
  'Force_Best',
];

/** CodaLab v1 settings that decide how submissions reach the leaderboard (competition and phase level). */
export interface V1LeaderboardFlags {
  forceSubmissionToLeaderboard?: boolean;
  forceBestSubmissionToLeaderboard?: boolean;
  /** `hide_results` also hides results until reveal: the caller's concern, not a submission rule. */
  leaderboardManagementMode?: string;
}

/**
 * Maps v1 flags onto a rule (ANCHORS §3.4 step 4). Force-best wins over force-last when both are set: it is the
 * narrower request, and "latest" would silently replace a better entry. With no flag, v1 lets the participant pick
 * one submission, which is `Add`.
 */
export function mapV1Flags(flags: V1LeaderboardFlags): SubmissionRule {
  if (flags.forceBestSubmissionToLeaderboard) {
    return 'Force_Best';
  }
  if (flags.forceSubmissionToLeaderboard || flags.leaderboardManagementMode === 'hide_results') {
    return 'Force_Last';
  }
  return 'Add';
}
