import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { Observable } from 'rxjs';
import { SubmissionResultsFilter } from '@api/leaderboards/submission-results.filter';
import type { Viewer } from '@api/submissions/submission-visibility';
import { LiveLogHub } from './live-log-hub';
import { RunsRepository } from './runs.repository';

export interface LiveLogEvent {
  type: 'log' | 'end';
  data: { runId?: string; stream?: string; text?: string; status?: string };
}

/** What submitters and organizers may do to runs in progress. */
@Injectable()
export class RunControlService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly competitions: CompetitionsService,
    private readonly hub: LiveLogHub,
    private readonly results: SubmissionResultsFilter,
  ) {}

  /**
   * The run's output as it is produced, for its submitter and the organizers: every chunk stored so far, then new
   * ones as they are stored (pushed by LiveLogHub), and an `end` event with the final status. Refused where the
   * stored logs are (hidden results, hidden columns, the phase's settings), since scoring programs print scores.
   */
  async followLogs(user: AuthUser, submissionId: string): Promise<Observable<LiveLogEvent>> {
    const { phaseId, viewer } = await this.requireVisible(user, submissionId);
    const refused = (await this.results.access(phaseId, viewer)).logs;
    if (refused) {
      throw new DomainError('forbidden', refused);
    }
    return new Observable<LiveLogEvent>((subscriber) =>
      this.hub.follow(submissionId, {
        chunk: (c) => subscriber.next({ type: 'log', data: { runId: c.runId, stream: c.stream, text: c.data } }),
        end: (status) => {
          subscriber.next({ type: 'end', data: { status } });
          subscriber.complete();
        },
        fail: (e) => subscriber.error(e),
      }),
    );
  }

  /** Where the submission's runs stand in their queues (null once started), for its submitter and organizers. */
  async queuePosition(
    user: AuthUser,
    submissionId: string,
  ): Promise<{ submissionId: string; position: number | null }> {
    await this.requireVisible(user, submissionId);
    const runs = await this.runs.forSubmission(submissionId);
    const positions = await Promise.all(
      runs.filter((r) => r.status === 'queued').map((r) => this.runs.queuePosition(r.id)),
    );
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

  /** The submission's phase, and how the caller relates to it, once they may see it: its owner or an organizer. */
  private async requireVisible(user: AuthUser, submissionId: string): Promise<{ phaseId: string; viewer: Viewer }> {
    const found = await this.runs.submissionOwnerAndCompetition(submissionId);
    if (!found) {
      throw notFound(`submission ${submissionId}`);
    }
    const competition = await this.competitions.get(found.competitionId);
    if (await this.competitions.isOrganizer(competition, user)) {
      return { phaseId: found.phaseId, viewer: 'organizer' };
    }
    if (found.ownerId !== user.id) {
      throw notFound(`submission ${submissionId}`);
    }
    return { phaseId: found.phaseId, viewer: 'owner' };
  }
}
