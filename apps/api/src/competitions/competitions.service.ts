import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { notFound } from '@api/common/domain.error';
import { BundleImportService } from './bundle-import.service';
import { CompetitionsRepository } from './competitions.repository';
import type { CompetitionEntity } from './entities/competition.entity';
import type { PhaseEntity } from './entities/phase.entity';

export type PhaseState = 'upcoming' | 'open' | 'ended';

export function phaseState(phase: Pick<PhaseEntity, 'startAt' | 'endAt'>, now = new Date()): PhaseState {
  if (now < phase.startAt) return 'upcoming';
  if (phase.endAt && now >= phase.endAt) return 'ended';
  return 'open';
}

@Injectable()
export class CompetitionsService {
  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly importer: BundleImportService,
  ) {}

  async createFromBundle(user: AuthUser, bundlePath: string, uploadName: string) {
    const id = await this.importer.import(user, bundlePath, uploadName);
    return this.detail(id, user);
  }

  list(limit: number, offset: number) {
    return this.repo.listCompetitions(limit, offset);
  }

  async get(id: string): Promise<CompetitionEntity> {
    const c = await this.repo.findCompetition(id);
    if (!c) throw notFound(`competition ${id}`);
    return c;
  }

  /** Organizers of a competition: for now its creator (collaborators come with the accounts work). */
  isOrganizer(competition: Pick<CompetitionEntity, 'ownerId'>, user: AuthUser | undefined): boolean {
    return Boolean(user && (user.isAdmin || competition.ownerId === user.id));
  }

  async detail(id: string, user?: AuthUser) {
    const competition = await this.get(id);
    const organizer = this.isOrganizer(competition, user);
    const [pages, phases, leaderboards] = await Promise.all([
      this.repo.pages(id),
      this.repo.phases(id),
      this.repo.leaderboards(id),
    ]);
    return {
      competition,
      pages,
      phases,
      leaderboards: leaderboards.filter((l) => organizer || !l.hidden),
      isOrganizer: organizer,
    };
  }

  async getPhase(phaseId: string): Promise<PhaseEntity> {
    const phase = await this.repo.findPhase(phaseId);
    if (!phase) throw notFound(`phase ${phaseId}`);
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
