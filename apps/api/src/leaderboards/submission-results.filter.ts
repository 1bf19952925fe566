import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { LeaderboardEntriesRepository } from './leaderboard-entries.repository';
import { withoutScores } from './results-visibility';

type WithScores = { phaseId: string; scores?: unknown; runs?: readonly object[] };

/**
 * Removes scores from submission responses while the phase's results are hidden and the caller is not an
 * organizer. The submissions controller calls it on every response that carries scores.
 */
@Injectable()
export class SubmissionResultsFilter {
  constructor(
    private readonly repo: LeaderboardEntriesRepository,
    private readonly competitions: CompetitionsService,
  ) {}

  async one<T extends WithScores>(dto: T, user: AuthUser | undefined): Promise<T> {
    return (await this.hides(dto.phaseId, user)) ? withoutScores(dto) : dto;
  }

  async many<T extends WithScores>(phaseId: string, dtos: T[], user: AuthUser | undefined): Promise<T[]> {
    return (await this.hides(phaseId, user)) ? dtos.map(withoutScores) : dtos;
  }

  /**
   * Whether the phase's results are hidden from this caller. Without a user (mail, live updates to participants),
   * true while they are hidden at all. Scoring logs print scores too: their route should refuse while this holds.
   */
  async hides(phaseId: string, user?: AuthUser): Promise<boolean> {
    const phase = await this.repo.resultsVisibility(phaseId);
    // An unknown phase hides nothing here: the caller has already refused what it cannot serve.
    if (!phase) return false;
    return phase.resultsHidden && !(await this.competitions.isOrganizer({ id: phase.competitionId, ownerId: phase.ownerId }, user));
  }
}
