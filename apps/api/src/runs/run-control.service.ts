import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { RunsRepository } from './runs.repository';

/** What submitters and organizers may do to runs in progress. */
@Injectable()
export class RunControlService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly competitions: CompetitionsService,
  ) {}

  /** The submitter or an organizer cancels; a running container is stopped within one worker heartbeat. */
  async cancel(user: AuthUser, submissionId: string): Promise<void> {
    const found = await this.runs.submissionOwnerAndCompetition(submissionId);
    if (!found) throw notFound(`submission ${submissionId}`);
    if (found.ownerId !== user.id) {
      const competition = await this.competitions.get(found.competitionId);
      if (!this.competitions.isOrganizer(competition, user)) throw notFound(`submission ${submissionId}`);
    }
    if (!(await this.runs.cancelSubmission(submissionId))) {
      throw new DomainError('conflict', `submission ${submissionId} has already ended`);
    }
  }
}
