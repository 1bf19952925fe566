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

  /** Where the submission's runs stand in their queues (null once started), for its submitter and organizers. */
  async queuePosition(user: AuthUser, submissionId: string): Promise<{ submissionId: string; position: number | null }> {
    await this.requireVisible(user, submissionId);
    const runs = await this.runs.forSubmission(submissionId);
    const positions = await Promise.all(runs.filter((r) => r.status === 'queued').map((r) => this.runs.queuePosition(r.id)));
    const known = positions.filter((p): p is number => p !== null);
    return { submissionId, position: known.length ? Math.max(...known) : null };
  }

  /** The submitter or an organizer cancels; a running container is stopped within one worker heartbeat. */
  async cancel(user: AuthUser, submissionId: string): Promise<void> {
    await this.requireVisible(user, submissionId);
    if (!(await this.runs.cancelSubmission(submissionId))) {
      throw new DomainError('conflict', `submission ${submissionId} has already ended`);
    }
  }

  private async requireVisible(user: AuthUser, submissionId: string): Promise<void> {
    const found = await this.runs.submissionOwnerAndCompetition(submissionId);
    if (!found) throw notFound(`submission ${submissionId}`);
    if (found.ownerId !== user.id) {
      const competition = await this.competitions.get(found.competitionId);
      if (!(await this.competitions.isOrganizer(competition, user))) throw notFound(`submission ${submissionId}`);
    }
  }
}
