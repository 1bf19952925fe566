import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AuthUser } from '@api/common/auth.decorators';
import { RefreshAheadCache } from '@api/common/refresh-ahead-cache';
import { ApiConfig } from '@api/config/api-config';
import { LeaderboardChanges } from '@api/leaderboards/leaderboard-changes';
import { CompetitionAccessRepository, type ScopeKind } from './competition-access.repository';
import type { Joiner } from './join-rules';
import { type AccessState, mayRead, type ViewerFacts } from './visibility-rules';

/**
 * Whether a caller may read a competition, for the scope guard (every route under a competition, phase, submission or
 * team) and the services that list competitions or register participants. A competition's access state is cached per
 * process like the boards' settings: dropped at once on a change made anywhere (the database announces it, see
 * CacheCoherence and migration CompetitionVisibility), else trusted for CACHE_TTL_MS. Which competition a phase,
 * submission or team belongs to never changes, so it is remembered. A public competition's reads then cost no query
 * at all (the boards' hot path); other visibilities read the caller's role once per request.
 */
@Injectable()
export class CompetitionAccess {
  private readonly owners = new LRUCache<string, string>({ max: 100_000 });
  private readonly states: RefreshAheadCache<AccessState | null>;

  constructor(
    private readonly repo: CompetitionAccessRepository,
    private readonly changes: LeaderboardChanges,
    config: ApiConfig,
  ) {
    this.states = new RefreshAheadCache<AccessState | null>(config.cacheTtlMs, 20_000, () => changes.generation);
  }

  /** The access state of the competition `id` names (itself, or the one its phase, submission or team belongs to). */
  async stateOf(kind: ScopeKind, id: string): Promise<AccessState | null> {
    const competitionId = kind === 'competition' ? id : this.owners.get(`${kind}:${id}`);
    if (competitionId) {
      return this.states.get(competitionId, () => this.repo.stateOf('competition', competitionId));
    }
    const state = await this.repo.stateOf(kind, id);
    if (state) {
      this.owners.set(`${kind}:${id}`, state.id);
    }
    return state;
  }

  async mayRead(state: AccessState, user: AuthUser | undefined | null, keys: string[]): Promise<boolean> {
    if (state.visibility === 'public') {
      return true;
    }
    return mayRead(state, user ? await this.viewerFacts(state, user) : null, keys);
  }

  async viewerFacts(state: Pick<AccessState, 'id' | 'ownerId'>, user: AuthUser): Promise<ViewerFacts | null> {
    const facts = await this.repo.viewerFacts(state.id, user.id);
    if (!facts) {
      return null;
    }
    const { collaborator, ...rest } = facts;
    return { ...rest, organizer: user.isAdmin || user.id === state.ownerId || collaborator };
  }

  /** What the join rules read of a user. */
  async joiner(competitionId: string, user: AuthUser): Promise<Joiner> {
    const facts = await this.repo.viewerFacts(competitionId, user.id);
    return facts ?? { email: '', emailConfirmed: false, idpGroups: [] };
  }

  /** After a change made in this process: every process's readers drop the states (the database announces it too). */
  changed(): void {
    this.changes.changed();
  }
}
