import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import type { Readable } from 'node:stream';
import { ApiConfig } from '@api/config/api-config';
import { BlobStore } from '@api/storage/blob-store';
import { OrganizersService } from '@api/organizers/organizers.service';
import { BundleImportService } from './bundle-import.service';
import { CompetitionsRepository } from './competitions.repository';
import { extensionOf } from './stored-model';
import type { CompetitionEntity } from './entities/competition.entity';
import type { PhaseEntity } from './entities/phase.entity';

/**
 * SVG is served as an image only: a logo is organizer-written, and the answer's CSP keeps a directly opened SVG from
 * running script.
 */
const LOGO_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

export type PhaseState = 'upcoming' | 'open' | 'ended';

export function phaseState(phase: Pick<PhaseEntity, 'startAt' | 'endAt'>, now = new Date()): PhaseState {
  if (now < phase.startAt) {
    return 'upcoming';
  }
  if (phase.endAt && now >= phase.endAt) {
    return 'ended';
  }
  return 'open';
}

@Injectable()
export class CompetitionsService {
  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly importer: BundleImportService,
    private readonly organizers: OrganizersService,
    private readonly config: ApiConfig,
    private readonly store: BlobStore,
  ) {}

  /** `storedAs`: where the store holds the bundle already (a resumable upload). */
  async createFromBundle(user: AuthUser, bundlePath: string, uploadName: string, storedAs?: string) {
    await this.requireMayCreate(user);
    const { id, warnings } = await this.importer.import(user, bundlePath, uploadName, storedAs);
    return { ...(await this.detail(id, user)), warnings };
  }

  /**
   * Newest first; `q` searches title and description; role organizer: those the caller creates or collaborates on.
   * Otherwise only what is listed for the caller: public competitions and the private ones they may read.
   */
  list(limit: number, offset: number, filter: { q?: string; role?: 'organizer' } = {}, user?: AuthUser | null) {
    if (filter.role === 'organizer' && !user) {
      throw new DomainError('unauthenticated', 'role=organizer needs a valid bearer token (POST /api/auth/login)');
    }
    return this.repo.listCompetitions(limit, offset, {
      q: filter.q?.trim() || undefined,
      organizerId: filter.role ? user!.id : undefined,
      viewerId: user?.id ?? null,
    });
  }

  /** ORGANIZER_RIGHTS=restricted: admins and the users an admin made organizers only. */
  async requireMayCreate(user: AuthUser): Promise<void> {
    if (this.config.access.organizerRights === 'everyone' || user.isAdmin) {
      return;
    }
    if (await this.repo.isPlatformOrganizer(user.id)) {
      return;
    }
    throw new DomainError(
      'forbidden',
      'only organizers create competitions here: ask an administrator to make you one',
    );
  }

  async get(id: string): Promise<CompetitionEntity> {
    const c = await this.repo.findCompetition(id);
    if (!c) {
      throw notFound(`competition ${id}`);
    }
    return c;
  }

  /** Admins, the creator and the collaborators the creator added (see OrganizersService). */
  isOrganizer(competition: Pick<CompetitionEntity, 'id' | 'ownerId'>, user: AuthUser | undefined): Promise<boolean> {
    return this.organizers.isOrganizer(competition, user);
  }

  async detail(id: string, user?: AuthUser) {
    const competition = await this.get(id);
    const organizer = await this.isOrganizer(competition, user);
    const [pages, phases, leaderboards, queueId, tasks] = await Promise.all([
      this.repo.pages(id),
      this.repo.phases(id),
      this.repo.leaderboards(id),
      organizer ? this.repo.queueOf(id) : null,
      this.repo.tasks(id),
    ]);
    return {
      competition,
      pages,
      phases,
      leaderboards: leaderboards.filter((l) => organizer || !l.hidden),
      isOrganizer: organizer,
      queueId,
      tasks,
      maxSubmissionBytes: this.config.maxSubmissionBytes,
    };
  }

  /** The competition's logo (its bundle's `image`), with a type browsers display only as an image. */
  async logo(id: string): Promise<{ body: Readable; type: string }> {
    const c = await this.get(id);
    const type = c.logoKey ? LOGO_TYPES[extensionOf(c.logoKey)] : undefined;
    if (!c.logoKey || !type) {
      throw notFound(`logo of competition ${id}`);
    }
    return { body: await this.store.get(c.logoKey), type };
  }

  async getPhase(phaseId: string): Promise<PhaseEntity> {
    const phase = await this.repo.findPhase(phaseId);
    if (!phase) {
      throw notFound(`phase ${phaseId}`);
    }
    return phase;
  }

  tasksOf(competitionId: string) {
    return this.repo.tasks(competitionId);
  }

  leaderboardsOf(competitionId: string) {
    return this.repo.leaderboards(competitionId);
  }

  findTask(id: string) {
    return this.repo.findTask(id);
  }

  findDatasets(ids: string[]) {
    return this.repo.findDatasets(ids);
  }
}
