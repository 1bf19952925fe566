import type { AuthUser } from '@api/common/auth.decorators';
import type { SubmissionEntity } from '@api/submissions/entities/submission.entity';

/**
 * Who a submission ranks for: its owner until teams exist. Changing what an entrant is means changing these two
 * functions (and the name join in LeaderboardEntriesRepository), nothing else.
 */
export function entrantOf(submission: Pick<SubmissionEntity, 'ownerId'>): string {
  return submission.ownerId;
}

/** The entrant a user acts as (their own rows on a board). */
export function entrantOfUser(user: AuthUser): string {
  return user.id;
}
