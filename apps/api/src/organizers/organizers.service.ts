import { Injectable } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { type CompetitionRef, type CompetitionSettings, OrganizersRepository } from './organizers.repository';

/** Who organizes a competition: platform admins, its creator, and the collaborators the creator added. */
@Injectable()
export class OrganizersService {
  constructor(
    private readonly repo: OrganizersRepository,
    private readonly accounts: AccountsService,
  ) {}

  async isOrganizer(
    competition: Pick<CompetitionRef, 'id' | 'ownerId'>,
    user: AuthUser | undefined | null,
  ): Promise<boolean> {
    if (!user) {
      return false;
    }
    if (user.isAdmin || competition.ownerId === user.id) {
      return true;
    }
    return this.repo.isCollaborator(competition.id, user.id);
  }

  async competition(competitionId: string): Promise<CompetitionRef> {
    const c = await this.repo.competition(competitionId);
    if (!c) {
      throw notFound(`competition ${competitionId}`);
    }
    return c;
  }

  /** Competitions are public, so a non-organizer learns nothing new from a 403 here. */
  async requireOrganizer(competitionId: string, user: AuthUser): Promise<CompetitionRef> {
    const c = await this.competition(competitionId);
    if (!(await this.isOrganizer(c, user))) {
      throw forbidden('only the organizers of this competition may do this');
    }
    return c;
  }

  async collaborators(competitionId: string, user: AuthUser) {
    await this.requireOrganizer(competitionId, user);
    const rows = await this.repo.collaborators(competitionId);
    const names = await this.accounts.usernames(rows.map((r) => r.userId));
    return rows.map((r) => ({ userId: r.userId, username: names.get(r.userId) ?? '', addedAt: r.createdAt }));
  }

  async addCollaborator(competitionId: string, user: AuthUser, username: string) {
    const c = await this.requireCreator(competitionId, user);
    const added = await this.accounts.findByUsername(username);
    if (added.id === c.ownerId) {
      throw new DomainError('conflict', 'the creator already organizes this competition');
    }
    await this.repo.addCollaborator(competitionId, added.id, user.id);
    return this.collaborators(competitionId, user);
  }

  async removeCollaborator(competitionId: string, user: AuthUser, userId: string): Promise<void> {
    await this.requireCreator(competitionId, user);
    if (!(await this.repo.removeCollaborator(competitionId, userId))) {
      throw notFound(`collaborator ${userId}`);
    }
  }

  async settings(competitionId: string): Promise<CompetitionSettings> {
    const s = await this.repo.settings(competitionId);
    if (!s) {
      throw notFound(`competition ${competitionId}`);
    }
    return s;
  }

  async updateSettings(
    competitionId: string,
    user: AuthUser,
    patch: Partial<CompetitionSettings>,
  ): Promise<CompetitionSettings> {
    await this.requireOrganizer(competitionId, user);
    if (patch.timeZone !== undefined && !isTimeZone(patch.timeZone)) {
      throw new DomainError(
        'bad_request',
        `unknown time zone "${patch.timeZone}" (use an IANA name such as Europe/Paris)`,
      );
    }
    const next = { ...(await this.settings(competitionId)), ...stripUndefined(patch) };
    await this.repo.updateSettings(competitionId, next);
    return next;
  }

  /** Collaborators organize, but only the creator (or an admin) decides who they are. */
  private async requireCreator(competitionId: string, user: AuthUser): Promise<CompetitionRef> {
    const c = await this.competition(competitionId);
    if (user.isAdmin || c.ownerId === user.id) {
      return c;
    }
    throw forbidden('only the creator of this competition or an admin may change its organizers');
  }
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
