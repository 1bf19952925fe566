import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { LeaderboardEntriesRepository } from './leaderboard-entries.repository';
import { hiddenScoreKeys, withoutKeys, withoutScores } from './results-visibility';

type WithScores = { phaseId: string; scores?: unknown; runs?: readonly object[] };

/**
 * Removes from submission responses what a participant may not see: every score while the phase's results are
 * hidden, and the scores of hidden columns and hidden boards always. Organizers see everything. The submissions
 * controller calls it on every response that carries scores.
 */
@Injectable()
export class SubmissionResultsFilter {
  constructor(
    private readonly repo: LeaderboardEntriesRepository,
    private readonly competitions: CompetitionsService,
  ) {}

  async one<T extends WithScores>(dto: T, user: AuthUser | undefined): Promise<T> {
    return (await this.many(dto.phaseId, [dto], user))[0];
  }

  async many<T extends WithScores>(phaseId: string, dtos: T[], user: AuthUser | undefined): Promise<T[]> {
    if (dtos.length === 0) return dtos;
    const phase = await this.repo.resultsVisibility(phaseId);
    // An unknown phase hides nothing here: the caller has already refused what it cannot serve.
    if (!phase) return dtos;
    const hiddenKeys = phase.resultsHidden ? new Set<string>() : hiddenScoreKeys(await this.repo.boardColumns(phaseId));
    // Only when something would be removed is the caller's role looked up.
    if ((!phase.resultsHidden && hiddenKeys.size === 0) || (await this.organizes(phase, user))) return dtos;
    return phase.resultsHidden ? dtos.map(withoutScores) : dtos.map((d) => withoutKeys(d, hiddenKeys));
  }

  /**
   * Whether the phase's results are hidden from this caller. Without a user (mail, live updates to participants),
   * true while they are hidden at all. Scoring logs print scores too: their route should refuse while this holds.
   */
  async hides(phaseId: string, user?: AuthUser): Promise<boolean> {
    const phase = await this.repo.resultsVisibility(phaseId);
    return phase !== null && phase.resultsHidden && !(await this.organizes(phase, user));
  }

  private organizes(phase: { competitionId: string; ownerId: string }, user?: AuthUser): Promise<boolean> {
    return this.competitions.isOrganizer({ id: phase.competitionId, ownerId: phase.ownerId }, user);
  }
}
