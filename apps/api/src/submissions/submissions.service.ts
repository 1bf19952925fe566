import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { SafeZip, ZipSafetyError } from '@arena/safe-zip';
import { PROTOCOL_VERSION, type RunFileName, type ScoreJob } from '@arena/worker-protocol';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { newToken } from '@api/common/token';
import { CompetitionsService, phaseState } from '@api/competitions/competitions.service';
import type { PhaseEntity } from '@api/competitions/entities/phase.entity';
import type { TaskEntity } from '@api/competitions/entities/task.entity';
import { ApiConfig } from '@api/config/api-config';
import { ParticipantsService } from '@api/participants/participants.service';
import { RunDispatcher } from '@api/runs/run-dispatcher.service';
import type { RunEntity } from '@api/runs/entities/run.entity';
import { type NewRun, RunsRepository } from '@api/runs/runs.repository';
import { type JobDestination, QueuesService } from '@api/queues/queues.service';
import { BlobStore } from '@api/storage/blob-store';
import type { SubmissionEntity } from './entities/submission.entity';
import { SubmissionsRepository } from './submissions.repository';

@Injectable()
export class SubmissionsService {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly competitions: CompetitionsService,
    private readonly participants: ParticipantsService,
    private readonly dispatcher: RunDispatcher,
    private readonly store: BlobStore,
    private readonly config: ApiConfig,
    private readonly queues: QueuesService,
  ) {}

  async create(user: AuthUser, phaseId: string, filePath: string, size: number, description: string): Promise<SubmissionEntity> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    await this.participants.requireCanSubmit(competition.id, user);
    this.requireOpen(phase);
    await this.requireZip(filePath);
    const tasks = await this.phaseTasks(phase);
    const scoreKeys = await this.scoreKeys(competition.id);

    const submissionId = randomUUID();
    const fileKey = `submissions/${submissionId}.zip`;
    await this.store.put(fileKey, createReadStream(filePath), 'application/zip');
    const destination = await this.queues.destinationFor(competition.id);
    const runs: NewRun[] = tasks.map((task) =>
      this.newRun(submissionId, competition.id, competition.dockerImage, phase, task, scoreKeys, destination),
    );
    try {
      await this.repo.insertWithRuns(
        { id: submissionId, competitionId: competition.id, phaseId, ownerId: user.id, status: 'submitted', fileKey, fileSize: size, description },
        runs,
      );
    } catch (e) {
      await this.store.delete([fileKey]);
      throw e;
    }
    await this.dispatcher.dispatch(runs);
    return (await this.repo.find(submissionId))!;
  }

  /** Owners and the competition's organizers may read a submission; nobody else learns it exists. */
  async getVisible(id: string, user: AuthUser): Promise<{ submission: SubmissionEntity; runs: RunEntity[] }> {
    const submission = await this.repo.find(id);
    if (!submission) throw notFound(`submission ${id}`);
    if (submission.ownerId !== user.id) {
      const competition = await this.competitions.get(submission.competitionId);
      if (!this.competitions.isOrganizer(competition, user)) throw notFound(`submission ${id}`);
    }
    return { submission, runs: await this.runs.forSubmission(id) };
  }

  async listForPhase(phaseId: string, user: AuthUser, limit: number, offset: number): Promise<SubmissionEntity[]> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    const all = this.competitions.isOrganizer(competition, user);
    return this.repo.forPhase(phaseId, all ? null : user.id, limit, offset);
  }

  async log(id: string, user: AuthUser, stream: 'stdout' | 'stderr') {
    const { runs } = await this.getVisible(id, user);
    const key = runs.map((r) => (stream === 'stdout' ? r.stdoutKey : r.stderrKey)).find(Boolean);
    if (!key) throw notFound(`${stream} log of submission ${id}`);
    return this.store.get(key);
  }

  private requireOpen(phase: PhaseEntity): void {
    const state = phaseState(phase);
    if (state === 'upcoming') throw new DomainError('conflict', `phase "${phase.name}" opens at ${phase.startAt.toISOString()}`);
    if (state === 'ended') throw new DomainError('conflict', `phase "${phase.name}" ended at ${phase.endAt!.toISOString()}`);
  }

  private async requireZip(path: string): Promise<void> {
    try {
      (await SafeZip.open(path, undefined, 'submission')).close();
    } catch (e) {
      if (e instanceof ZipSafetyError) throw new DomainError('invalid_upload', e.message);
      throw e;
    }
  }

  private async phaseTasks(phase: PhaseEntity): Promise<TaskEntity[]> {
    const tasks = await this.competitions.tasksOf(phase.competitionId);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return phase.taskIds.map((id) => {
      const task = byId.get(id);
      if (!task) throw notFound(`task ${id} of phase ${phase.name}`);
      if (!task.scoringProgramId) throw new DomainError('conflict', `task "${task.name}" has no scoring program`);
      return task;
    });
  }

  private async scoreKeys(competitionId: string): Promise<string[]> {
    const boards = await this.competitions.leaderboardsOf(competitionId);
    return [...new Set(boards.flatMap((b) => b.columns.filter((c) => !c.computation).map((c) => c.key)))];
  }

  private newRun(
    submissionId: string,
    competitionId: string,
    image: string,
    phase: PhaseEntity,
    task: TaskEntity,
    scoreKeys: string[],
    destination: JobDestination,
  ): NewRun {
    const id = randomUUID();
    const { token, hash } = newToken();
    const files: RunFileName[] = ['submission', 'scoring_program'];
    if (task.referenceDataId) files.push('reference_data');
    if (task.inputDataId) files.push('input_data');
    if (task.ingestionProgramId) files.push('ingestion_program');
    const job: ScoreJob = {
      version: PROTOCOL_VERSION,
      kind: 'score',
      runId: id,
      submissionId,
      competitionId,
      phaseId: phase.id,
      taskId: task.id,
      attempt: 1,
      token,
      image,
      limits: { timeLimitSec: phase.executionTimeLimitSec, ...this.config.runLimits },
      files,
      ingestionOnlyDuringScoring: task.ingestionOnlyDuringScoring,
      scoreKeys,
      createdAt: new Date().toISOString(),
    };
    return { id, submissionId, taskId: task.id, attempt: 1, status: 'queued', tokenHash: hash, queue: destination.queue, vhost: destination.vhost, job };
  }
}

