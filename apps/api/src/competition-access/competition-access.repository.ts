import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '@api/database/prepared-query';
import type { ParticipantStatus } from '@api/participants/entities/participant.entity';
import type { Visibility } from '@api/competitions/entities/competition.entity';
import type { AccessState, ViewerFacts } from './visibility-rules';

/** What a route's path parameter names: the competition is found from it. */
export type ScopeKind = 'competition' | 'phase' | 'submission' | 'team';

const COMPETITION_OF: Record<ScopeKind, string> = {
  competition: 'SELECT $1::uuid',
  phase: 'SELECT competition_id FROM phases WHERE id = $1',
  submission: 'SELECT competition_id FROM submissions WHERE id = $1',
  team: 'SELECT competition_id FROM teams WHERE id = $1',
};

interface RawState {
  id: string;
  owner_id: string;
  visibility: Visibility;
  access_key: string;
  archived_at: Date | null;
  join_email_domains: string[];
  join_idp_groups: string[];
}

/** The reads of the access checks: one indexed query each, as prepared statements (they run on most requests). */
@Injectable()
export class CompetitionAccessRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The competition a phase, submission or team belongs to, with its access state; null when there is none. */
  async stateOf(kind: ScopeKind, id: string): Promise<AccessState | null> {
    const [r] = await preparedQuery<RawState>(this.db, {
      name: `competition-access-${kind}`,
      text: `SELECT id, owner_id, visibility, access_key, archived_at, join_email_domains, join_idp_groups
               FROM competitions WHERE id = (${COMPETITION_OF[kind]})`,
      values: [id],
    });
    return r
      ? {
          id: r.id,
          ownerId: r.owner_id,
          visibility: r.visibility,
          accessKey: r.access_key,
          archivedAt: r.archived_at,
          emailDomains: r.join_email_domains,
          idpGroups: r.join_idp_groups,
        }
      : null;
  }

  /** The caller's role in the competition and what the join rules read of them; null for an unknown user. */
  async viewerFacts(
    competitionId: string,
    userId: string,
  ): Promise<(Omit<ViewerFacts, 'organizer'> & { collaborator: boolean }) | null> {
    const [r] = await preparedQuery<{
      email: string;
      confirmed: boolean;
      idp_groups: string[];
      collaborator: boolean;
      status: ParticipantStatus | null;
    }>(this.db, {
      name: 'competition-access-viewer',
      text: `SELECT u.email, u.email_confirmed_at IS NOT NULL AS confirmed, u.idp_groups,
                    EXISTS (SELECT 1 FROM competition_collaborators cc
                             WHERE cc.competition_id = $1 AND cc.user_id = u.id) AS collaborator,
                    (SELECT p.status FROM participants p WHERE p.competition_id = $1 AND p.user_id = u.id) AS status
               FROM users u WHERE u.id = $2`,
      values: [competitionId, userId],
    });
    return r
      ? {
          email: r.email,
          emailConfirmed: r.confirmed,
          idpGroups: r.idp_groups,
          collaborator: r.collaborator,
          participant: r.status,
        }
      : null;
  }
}
