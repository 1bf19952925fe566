import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { RunDispatcher } from './run-dispatcher.service';
import { RunsRepository } from './runs.repository';

/**
 * Codabench's `auto_run_submissions: false`: a participant's submission is stored with its runs held, and runs only
 * when an organizer says so (one submission, or every waiting one of a phase).
 */
@Injectable()
export class HeldRunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly competitions: CompetitionsService,
    private readonly dispatcher: RunDispatcher,
  ) {}

  async runSubmission(user: AuthUser, submissionId: string): Promise<{ released: number }> {
    const found = await this.runs.submissionOwnerAndCompetition(submissionId);
    const competition = found && (await this.competitions.get(found.competitionId));
    // Participants learn nothing about submissions that are not theirs to run.
    if (!found || !competition || !(await this.competitions.isOrganizer(competition, user))) {
      throw notFound(`submission ${submissionId}`);
    }
    const released = await this.release([submissionId]);
    if (released === 0) {
      throw new DomainError('conflict', `submission ${submissionId} is not waiting to be run`);
    }
    return { released };
  }

  async runPhase(user: AuthUser, phaseId: string): Promise<{ released: number }> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    if (!(await this.competitions.isOrganizer(competition, user))) {
      throw new DomainError('forbidden', 'only the organizers of this competition may run its submissions');
    }
    return { released: await this.release(await this.runs.heldSubmissions(phaseId)) };
  }

  private async release(submissionIds: string[]): Promise<number> {
    const queues = await this.runs.release(submissionIds);
    await this.dispatcher.dispatch(queues);
    return queues.length;
  }
}
