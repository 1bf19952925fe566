import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { phaseHides, type Viewer } from '@api/submissions/submission-visibility';
import { LeaderboardEntriesRepository } from './leaderboard-entries.repository';
import { type ResultsAccess, resultsAccess, scoresView } from './results-access';
import { hiddenScoreKeys, withoutKeys, withoutScores } from './results-visibility';

type WithScores = { phaseId: string; scores?: unknown; runs?: readonly object[] };

/**
 * Removes from submission responses what a participant may not see: every score while the phase's results are
 * hidden, and the scores of hidden columns and hidden boards always. Organizers see everything. The submissions
 * controller calls it on every response that carries scores; the routes that serve a submission's files and logs
 * (output zip, logs, live logs, detailed results) ask `access` for the same decision.
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
    if (dtos.length === 0) {
      return dtos;
    }
    const phase = await this.repo.resultsVisibility(phaseId);
    // An unknown phase hides nothing here: the caller has already refused what it cannot serve.
    if (!phase) {
      return dtos;
    }
    const facts = { resultsHidden: phase.resultsHidden, hiddenKeys: await this.hiddenKeys(phaseId) };
    // Only when something would be removed is the caller's role looked up.
    if (scoresView(false, facts).kind === 'all') {
      return dtos;
    }
    const view = scoresView(await this.organizes(phase, user), facts);
    if (view.kind === 'none') {
      return dtos.map(withoutScores);
    }
    return view.kind === 'some' ? dtos.map((d) => withoutKeys(d, new Set(view.hiddenKeys))) : dtos;
  }

  /**
   * What of a submission of the phase a caller may read, `viewer` being how they relate to it (organizer, owner,
   * any signed-in user for a public one): scores, logs, output zip, detailed results.
   */
  async access(phaseId: string, viewer: Viewer): Promise<ResultsAccess> {
    const phase = await this.competitions.getPhase(phaseId);
    const { model } = await this.competitions.get(phase.competitionId);
    return resultsAccess(viewer, {
      resultsHidden: phase.resultsHidden,
      hiddenKeys: await this.hiddenKeys(phaseId),
      hides: phaseHides(model, phase.index),
      detailedResults: !!model.enableDetailedResults,
      detailedResultsToSubmitters:
        model.showDetailedResultsInSubmissionPanel !== false || model.showDetailedResultsInLeaderboard !== false,
    });
  }

  /**
   * Whether the phase's results are hidden from this caller. Without a user (mail, live updates to participants),
   * true while they are hidden at all.
   */
  async hides(phaseId: string, user?: AuthUser): Promise<boolean> {
    const phase = await this.repo.resultsVisibility(phaseId);
    return phase !== null && phase.resultsHidden && !(await this.organizes(phase, user));
  }

  private async hiddenKeys(phaseId: string): Promise<Set<string>> {
    return hiddenScoreKeys(await this.repo.boardColumns(phaseId));
  }

  private organizes(phase: { competitionId: string; ownerId: string }, user?: AuthUser): Promise<boolean> {
    return this.competitions.isOrganizer({ id: phase.competitionId, ownerId: phase.ownerId }, user);
  }
}
