import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { CompetitionAccess } from '@api/competition-access/competition-access.service';
import { normalizeJoinRules } from '@api/competition-access/join-rules';
import { OrganizersService } from '@api/organizers/organizers.service';
import { BlobStore } from '@api/storage/blob-store';
import { ObjectDeletions } from '@api/storage/object-deletions.service';
import { CompetitionDeletionRepository } from './competition-deletion.repository';
import { CompetitionsRepository } from './competitions.repository';
import type { CompetitionAccessDto, JoinRulesDto } from './dto/competition-access.dto';
import type { CompetitionEntity, Visibility } from './entities/competition.entity';

/** A competition's life: who may read it, its secret link, join rules, archiving and deletion. */
@Injectable()
export class CompetitionLifecycleService {
  private readonly logger = new Logger(CompetitionLifecycleService.name);

  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly deletion: CompetitionDeletionRepository,
    private readonly organizers: OrganizersService,
    private readonly access: CompetitionAccess,
    private readonly deletions: ObjectDeletions,
    private readonly store: BlobStore,
  ) {}

  async get(id: string, user: AuthUser): Promise<CompetitionAccessDto> {
    await this.organizers.requireOrganizer(id, user);
    return toAccessDto(await this.competition(id));
  }

  async setVisibility(id: string, user: AuthUser, visibility: Visibility): Promise<CompetitionAccessDto> {
    await this.organizers.requireOrganizer(id, user);
    return this.update(id, { visibility });
  }

  /** A new secret link: whoever held the old one and did not register loses access to an unlisted competition. */
  async rotateKey(id: string, user: AuthUser): Promise<CompetitionAccessDto> {
    await this.organizers.requireOrganizer(id, user);
    return this.update(id, { accessKey: randomBytes(24).toString('base64url') });
  }

  async setJoinRules(id: string, user: AuthUser, rules: JoinRulesDto): Promise<CompetitionAccessDto> {
    await this.organizers.requireOrganizer(id, user);
    let normalized;
    try {
      normalized = normalizeJoinRules(rules);
    } catch (e) {
      throw new DomainError('bad_request', (e as Error).message);
    }
    return this.update(id, { joinEmailDomains: normalized.emailDomains, joinIdpGroups: normalized.idpGroups });
  }

  async setArchived(id: string, user: AuthUser, archived: boolean): Promise<CompetitionAccessDto> {
    await this.organizers.requireOrganizer(id, user);
    const current = await this.competition(id);
    if (archived === (current.archivedAt !== null)) {
      return toAccessDto(current);
    }
    return this.update(id, { archivedAt: archived ? new Date() : null });
  }

  /**
   * Deletes the competition and everything it holds (pages, phases, submissions, runs, boards, registrations,
   * invitations, the datasets no other competition names) in one transaction, then the stored objects those rows
   * named. Refused (409) while a run is queued or running: cancel them or wait. The creator and admins only.
   */
  async delete(id: string, user: AuthUser): Promise<void> {
    const c = await this.organizers.requireOrganizer(id, user);
    if (!user.isAdmin && c.ownerId !== user.id) {
      throw forbidden('only the creator of this competition or an admin may delete it');
    }
    const outcome = await this.deletion.delete(id, (m, keys) => this.deletions.queue(m, keys));
    if (!outcome) {
      throw notFound(`competition ${id}`);
    }
    if (!outcome.deleted) {
      throw new DomainError(
        'conflict',
        `competition ${id} has ${outcome.inFlight} run(s) queued or running: cancel them or let them finish, then delete it`,
        { inFlight: outcome.inFlight },
      );
    }
    this.access.changed();
    // Objects no row named any more (a logo replaced by an edit) go with it.
    const leftovers: string[] = [];
    for await (const o of this.store.list(`competitions/${id}/`)) {
      leftovers.push(o.key);
    }
    await this.deletions.remove([...outcome.keys, ...leftovers]);
  }

  private async update(id: string, patch: Partial<CompetitionEntity>): Promise<CompetitionAccessDto> {
    await this.repo.updateAccess(id, patch);
    this.access.changed();
    return toAccessDto(await this.competition(id));
  }

  private async competition(id: string): Promise<CompetitionEntity> {
    const c = await this.repo.findCompetition(id);
    if (!c) {
      throw notFound(`competition ${id}`);
    }
    return c;
  }
}

export function toAccessDto(c: CompetitionEntity): CompetitionAccessDto {
  return {
    visibility: c.visibility,
    accessKey: c.accessKey,
    archivedAt: c.archivedAt,
    joinRules: { emailDomains: c.joinEmailDomains, idpGroups: c.joinIdpGroups },
  };
}
