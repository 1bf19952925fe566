import type { SubmissionEntity } from './entities/submission.entity';

/**
 * Who a submission competes for: its team when made on behalf of one, else its owner. The one place that
 * decides it, so that limits and leaderboards count the same entrant.
 */
export function entrantOf(s: Pick<SubmissionEntity, 'teamId' | 'ownerId'>): string {
  return s.teamId ?? s.ownerId;
}

export type Entrant = { kind: 'team'; teamId: string } | { kind: 'user'; userId: string };

export function entrantKey(e: Entrant): string {
  return e.kind === 'team' ? `team:${e.teamId}` : `user:${e.userId}`;
}
