import { timingSafeEqual } from 'node:crypto';
import type { Visibility } from '@api/competitions/entities/competition.entity';
import type { ParticipantStatus } from '@api/participants/entities/participant.entity';
import { admittedBy, hasJoinRules, type Joiner, type JoinRules } from './join-rules';

/** What the access checks read of a competition (cached per process, see CompetitionAccess). */
export interface AccessState extends JoinRules {
  id: string;
  ownerId: string;
  visibility: Visibility;
  accessKey: string;
  archivedAt: Date | null;
}

/** What the checks read of a signed-in caller, for a competition that is not public. */
export interface ViewerFacts extends Joiner {
  organizer: boolean;
  participant: ParticipantStatus | null;
}

/**
 * Who may read a competition and everything under it (pages, boards, submissions, files, results):
 * - organizers (admins, the creator, collaborators) always;
 * - public: everyone, signed in or not;
 * - unlisted: whoever presents its current access key (the secret link), and its registered participants;
 * - private: approved participants (invitees land approved), pending ones, and users its join rules admit;
 * - draft: nobody else.
 * `viewer` is null for an anonymous caller.
 */
export function mayRead(state: AccessState, viewer: ViewerFacts | null, presentedKeys: string[]): boolean {
  if (state.visibility === 'public' || viewer?.organizer) {
    return true;
  }
  switch (state.visibility) {
    case 'draft':
      return false;
    case 'unlisted':
      return keyMatches(state.accessKey, presentedKeys) || (viewer?.participant ?? null) !== null;
    case 'private':
      if (!viewer) {
        return false;
      }
      if (viewer.participant === 'approved' || viewer.participant === 'pending') {
        return true;
      }
      return hasJoinRules(state) && admittedBy(state, viewer);
  }
}

/** Compared in constant time, so that the key cannot be guessed a character at a time. */
export function keyMatches(key: string, presented: string[]): boolean {
  const want = Buffer.from(key);
  return presented.some((p) => {
    const got = Buffer.from(p);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** Keys a request presents: the `X-Competition-Key` header, comma-separated (the web app sends every key it holds). */
export function presentedKeys(header: unknown): string[] {
  const text = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
  return text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0 && k.length <= 128)
    .slice(0, 32);
}
