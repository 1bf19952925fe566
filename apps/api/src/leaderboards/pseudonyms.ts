/**
 * On an anonymous leaderboard (competition setting `anonymousLeaderboard`, CodaLab v1 `anonymous_leaderboard`),
 * everyone but the competition's organizers sees each entrant as a pseudonym made of the number the database drew
 * for it in this competition (table entrant_pseudonyms, migration 1763970000000): the same on every board, phase,
 * export and submission page of the competition, and for as long as the competition lasts. A missing number (which
 * the trigger rules out) shows as "?", never as a name.
 */
export function participantPseudonym(number: number | null | undefined): string {
  return `Participant ${number ?? '?'}`;
}

export function teamPseudonym(number: number | null | undefined): string {
  return `Team ${number ?? '?'}`;
}

/** The numbers of a submission's owner and, for a team submission, of its team. */
export interface EntrantNumbers {
  ownerNumber: number | null;
  teamNumber: number | null;
  isTeam: boolean;
}

/** A submission's entrant (its team, else its owner), submitter and team, as pseudonyms. */
export function pseudonymsOf(n: EntrantNumbers): { participant: string; submitter: string; team: string | null } {
  const submitter = participantPseudonym(n.ownerNumber);
  const team = n.isTeam ? teamPseudonym(n.teamNumber) : null;
  return { participant: team ?? submitter, submitter, team };
}

/**
 * Which names a read selects: `real` for a board that is not anonymous, `both` (names, and each row's pseudonym) for
 * its organizers, `pseudonyms` (no name ever read from the database) for everyone else.
 */
export type RowNames = 'real' | 'both' | 'pseudonyms';

export function rowNames(anonymous: boolean, organizer: boolean): RowNames {
  if (!anonymous) {
    return 'real';
  }
  return organizer ? 'both' : 'pseudonyms';
}
