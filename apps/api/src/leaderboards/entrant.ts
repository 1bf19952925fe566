import { entrantOf as submissionEntrant } from '@api/submissions/entrant';
import type { SubmissionEntity } from '@api/submissions/entities/submission.entity';

/**
 * Who a submission ranks for: its team when made on behalf of one, else its owner. The submissions module decides
 * it (limits count the same entrant); team and user ids are both UUIDs, so they share the `entrant_id` column.
 * SQL that finds a user's own rows mirrors it: `LeaderboardReadRepository.around` (the user, or the team they are a
 * member of, as TeamsService.entrantOfUser) and `ROW_SELECT` (the team's name, else the owner's).
 */
export function entrantOf(submission: Pick<SubmissionEntity, 'ownerId' | 'teamId'>): string {
  return submissionEntrant(submission);
}
