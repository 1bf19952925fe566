// Which leaderboard picks a participant may make on a board; unit-tested in picks.spec.ts.

import { participantChooses, participantRemoves, SUBMISSION_RULES, type SubmissionRule } from '@arena/leaderboard';

export interface PickChoices {
  /** "Put on the leaderboard" is offered. */
  add: boolean;
  /** "Remove from the leaderboard" is offered. */
  remove: boolean;
}

const NONE: PickChoices = { add: false, remove: false };

/**
 * The pick buttons a board's submission rule allows a participant (Codabench's `Add*` rules; the `Force_*` rules
 * place submissions themselves), none where the competition locks the boards (CodaLab
 * disallow_leaderboard_modifying) or the rule is one this app does not know.
 */
export function pickChoices(rule: string, locked: boolean): PickChoices {
  if (locked || !(SUBMISSION_RULES as readonly string[]).includes(rule)) {
    return NONE;
  }
  const r = rule as SubmissionRule;
  return { add: participantChooses(r), remove: participantRemoves(r) };
}
