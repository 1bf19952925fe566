import { SubmissionRule } from './submission-rule';

/** A submission a participant (or team) put on a leaderboard under an `Add*` rule. */
export interface EntryPick {
  submissionId: string;
  participantId: string;
}

export type PickRefusal = 'automatic_rule' | 'removal_not_allowed';

const automatic = (rule: SubmissionRule): PickOutcome => ({
  ok: false,
  refusal: 'automatic_rule',
  message: `the submission rule ${rule} places submissions automatically`,
});

export type PickOutcome =
  | { ok: true; picks: EntryPick[]; added: EntryPick[]; removed: EntryPick[] }
  | { ok: false; refusal: PickRefusal; message: string };

/** Rules under which participants choose their entries; the `Force_*` rules place submissions automatically. */
export function participantChooses(rule: SubmissionRule): boolean {
  return rule === 'Add' || rule === 'Add_And_Delete' || rule === 'Add_And_Delete_Multiple';
}

export function participantRemoves(rule: SubmissionRule): boolean {
  return rule === 'Add_And_Delete' || rule === 'Add_And_Delete_Multiple';
}

/**
 * Puts a submission on the board. Under `Add` and `Add_And_Delete` a participant has one entry, so the new pick
 * replaces their earlier one (CodaLab deletes the previous entry): the chosen one wins even when it is older.
 */
export function addPick(rule: SubmissionRule, picks: readonly EntryPick[], pick: EntryPick): PickOutcome {
  if (!participantChooses(rule)) {
    return automatic(rule);
  }
  if (picks.some((p) => p.submissionId === pick.submissionId)) {
    return { ok: true, picks: [...picks], added: [], removed: [] };
  }
  const removed = rule === 'Add_And_Delete_Multiple' ? [] : picks.filter((p) => p.participantId === pick.participantId);
  const kept = picks.filter((p) => !removed.includes(p));
  return { ok: true, picks: [...kept, pick], added: [pick], removed };
}

/** Takes a submission off the board; only the `*_And_Delete*` rules allow it. Removing an absent pick is a no-op. */
export function removePick(rule: SubmissionRule, picks: readonly EntryPick[], submissionId: string): PickOutcome {
  if (!participantChooses(rule)) {
    return automatic(rule);
  }
  if (!participantRemoves(rule)) {
    return {
      ok: false,
      refusal: 'removal_not_allowed',
      message:
        `the submission rule ${rule} does not allow removing an entry; ` +
        'put another submission on the leaderboard instead',
    };
  }
  const removed = picks.filter((p) => p.submissionId === submissionId);
  return { ok: true, picks: picks.filter((p) => p.submissionId !== submissionId), added: [], removed };
}
