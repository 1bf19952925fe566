import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { CompetitionModel } from '@arena/bundle';
import { SafeZip, ZipSafetyError } from '@arena/safe-zip';
import { PROTOCOL_VERSION, type RunFileName } from '@arena/worker-protocol';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { newToken } from '@api/common/token';
import { CompetitionsService, phaseState } from '@api/competitions/competitions.service';
import type { PhaseEntity } from '@api/competitions/entities/phase.entity';
import type { TaskEntity } from '@api/competitions/entities/task.entity';
import { ApiConfig } from '@api/config/api-config';
import { SubmissionResultsFilter } from '@api/leaderboards/submission-results.filter';
import { ApiMetrics } from '@api/metrics/api-metrics';
import { ParticipantsService } from '@api/participants/participants.service';
import { RunDispatcher } from '@api/runs/run-dispatcher.service';
import type { RunEntity, StoredJob } from '@api/runs/entities/run.entity';
import { type NewRun, RunsRepository } from '@api/runs/runs.repository';
import { type JobDestination, QueuesService } from '@api/queues/queues.service';
import { BlobStore } from '@api/storage/blob-store';
import { AccountsService } from '@api/accounts/accounts.service';
import { Clock } from '@api/clock/clock';
import { formatInZone } from '@api/clock/zoned';
import { OrganizersService } from '@api/organizers/organizers.service';
import type { CompetitionSettings } from '@api/organizers/organizers.repository';
import { TeamsService } from '@api/teams/teams.service';
import type { Entrant } from './entrant';
import { validateFactSheet } from './fact-sheet';
import { StorageQuotaService } from './storage-quota.service';
import { requireSizeWithin } from './phase-size-limit';
import { type SubmissionMetadataInput, submissionMetadata } from './submission-metadata';
import { FINAL_SUBMISSION_STATUSES, type SubmissionEntity } from './entities/submission.entity';
import { enforceLimits, type PhaseLimits } from './submission-limits';
import { withoutScoreKeys } from './output-score-files';
import type { Viewer } from './submission-visibility';
import {
  DuplicateIdempotencyKey,
  type LimitGuard,
  type Submitter,
  SubmissionsRepository,
} from './submissions.repository';

export interface NewSubmission {
  description: string;
  /** Method name and description, code and paper links, where the competition asks for them. */
  metadata?: SubmissionMetadataInput;
  teamId?: string;
  /** The multipart `factSheet` field as sent: JSON answers to the competition's fact sheet. */
  factSheet?: string;
  /** The client's name for this request: a retry with the same key gets the same submission. */
  idempotencyKey?: string;
}

/** Detailed results are one HTML page written by the scoring program; a bigger one is refused. */
const DETAILED_RESULTS_MAX_BYTES = 5 * 1024 * 1024;

/** A submission of a phase listing, with its runs and who made it. */
export interface ListedSubmission {
  submission: SubmissionEntity;
  runs: RunEntity[];
  who?: Submitter;
}

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
    private readonly organizers: OrganizersService,
    private readonly teams: TeamsService,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly quota: StorageQuotaService,
    private readonly results: SubmissionResultsFilter,
    private readonly metrics: ApiMetrics,
  ) {}

  async create(
    user: AuthUser,
    phaseId: string,
    filePath: string,
    size: number,
    input: NewSubmission,
  ): Promise<SubmissionEntity> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    await this.participants.requireCanSubmit(competition.id, user);
    if (input.idempotencyKey) {
      const earlier = await this.sameRequest(user, phaseId, input.idempotencyKey);
      if (earlier) {
        return earlier;
      }
    }
    if (input.teamId) {
      await this.teams.requireSubmittingTeam(input.teamId, competition.id, user.id);
    }
    const settings = await this.organizers.settings(competition.id);
    const now = this.clock.now();
    this.requireOpen(phase, now, settings.timeZone);
    requireSizeWithin(competition.model, phase, size);
    const metadata = submissionMetadata(competition.model, input.metadata);
    const entrant: Entrant = input.teamId ? { kind: 'team', teamId: input.teamId } : { kind: 'user', userId: user.id };
    const guard = (await this.bypassesLimits(competition, user))
      ? undefined
      : this.limitGuard(phase, settings, entrant, now);
    // Checked before the upload is stored, then again under a lock when the submission is inserted.
    if (guard) {
      guard.check(await this.repo.usageOf(phase.id, guard));
    }
    const factSheet = validateFactSheet(competition.model.factSheet ?? null, input.factSheet);
    await this.quota.requireRoom(user, competition.id, size);
    await this.requireZip(filePath);

    const submissionId = randomUUID();
    const fileKey = `submissions/${submissionId}.zip`;
    await this.store.put(fileKey, createReadStream(filePath), 'application/zip');
    try {
      await this.enqueue(
        competition,
        phase,
        {
          id: submissionId,
          ownerId: user.id,
          teamId: input.teamId ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          fileKey,
          fileSize: size,
          description: input.description,
          factSheet,
          metadata,
          rerunOf: null,
          createdAt: now,
        },
        guard,
        () => this.store.delete([fileKey]),
      );
    } catch (e) {
      // A retry raced the first request past the lookup above: answer with the submission that won.
      if (e instanceof DuplicateIdempotencyKey) {
        return (await this.sameRequest(user, phaseId, input.idempotencyKey!))!;
      }
      throw e;
    }
    return (await this.repo.find(submissionId))!;
  }

  /**
   * A new submission of the original's stored file, owner and team in `phaseId` (its own phase by default), marked
   * as a re-run: limits and the phase's dates do not apply. The file object is shared, not copied.
   */
  async rerun(original: SubmissionEntity, phaseId = original.phaseId): Promise<SubmissionEntity> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    const id = randomUUID();
    await this.enqueue(competition, phase, {
      id,
      ownerId: original.ownerId,
      teamId: original.teamId,
      idempotencyKey: null,
      fileKey: original.fileKey,
      fileSize: original.fileSize,
      description: original.description,
      factSheet: original.factSheet,
      metadata: original.metadata ?? null,
      rerunOf: original.id,
      createdAt: this.clock.now(),
    });
    return (await this.repo.find(id))!;
  }

  /** The one path from a stored file to a submission with its runs in the queues. */
  private async enqueue(
    competition: { id: string; dockerImage: string; model: CompetitionModel },
    phase: PhaseEntity,
    s: Pick<
      SubmissionEntity,
      | 'id'
      | 'ownerId'
      | 'teamId'
      | 'idempotencyKey'
      | 'fileKey'
      | 'fileSize'
      | 'description'
      | 'factSheet'
      | 'metadata'
      | 'rerunOf'
      | 'createdAt'
    >,
    guard?: LimitGuard,
    /** Undoes what the caller stored when the submission could not be inserted (refused, or a duplicate key). */
    onRefused?: () => Promise<void>,
  ): Promise<void> {
    let runs: NewRun[];
    try {
      const tasks = await this.phaseTasks(phase);
      const scoreKeys = await this.scoreKeys(competition.id);
      const destination = await this.queues.destinationFor(competition.id);
      const scoringOnly = competition.model.phases.find((p) => p.index === phase.index)?.scoringOnly === true;
      // Codabench's auto_run_submissions: false: a participant's submission waits for an organizer to run it (re-runs
      // and migrations are organizers' doing and go at once).
      const held = competition.model.autoRunSubmissions === false && s.rerunOf === null ? this.clock.now() : null;
      runs = tasks.map((task) => ({
        ...this.newRun(s.id, competition.id, competition.dockerImage, phase, task, scoreKeys, destination, scoringOnly),
        heldAt: held,
      }));
      await this.repo.insertWithRuns(
        { ...s, competitionId: competition.id, phaseId: phase.id, status: 'submitted' },
        runs,
        guard,
      );
      this.metrics.submissionCreated();
    } catch (e) {
      await onRefused?.();
      throw e;
    }
    // Once inserted, the submission stands: an unpublished run is sent again by the dispatcher's sweep.
    await this.dispatcher.dispatch(runs.filter((r) => !r.heldAt));
  }

  /**
   * Benchmark mode: one run on `task` (just added to `phase`) for each submission of the phase that has none yet,
   * `kept` (on a board of the phase) or `all` that have not failed. An ended submission's run is an added-task run
   * (its end merges scores, see RunsRepository.finish); one still in flight simply has one more run to wait for. No
   * submission is made, so no limit counts these; the runs take their place in the fair order of the queue.
   */
  async runAddedTask(
    competition: { id: string; dockerImage: string; model: CompetitionModel },
    phase: PhaseEntity,
    task: TaskEntity,
    which: 'kept' | 'all',
  ): Promise<number> {
    if (!task.scoringProgramId) {
      throw new DomainError('conflict', `task "${task.name}" has no scoring program`);
    }
    const scoreKeys = await this.scoreKeys(competition.id);
    const destination = await this.queues.destinationFor(competition.id);
    const scoringOnly = competition.model.phases.find((p) => p.index === phase.index)?.scoringOnly === true;
    const runs = await this.runs.transaction(async (m) => {
      const targets = await this.runs.lockSubmissionsWithoutTask(m, phase.id, task.id, which);
      const made: NewRun[] = targets.map((t) => ({
        ...this.newRun(t.id, competition.id, competition.dockerImage, phase, task, scoreKeys, destination, scoringOnly),
        addedTask: FINAL_SUBMISSION_STATUSES.includes(t.status),
      }));
      for (let i = 0; i < made.length; i += 500) {
        await this.runs.insertRuns(m, made.slice(i, i + 500));
      }
      return made;
    });
    await this.dispatcher.dispatch(runs);
    return runs.length;
  }

  /** What the caller may still submit in a phase now, as the limits count it. */
  async usage(user: AuthUser, phaseId: string, teamId?: string) {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    await this.participants.requireCanSubmit(competition.id, user);
    if (teamId) {
      await this.teams.requireMember(teamId, competition.id, user.id);
    }
    const settings = await this.organizers.settings(competition.id);
    const now = this.clock.now();
    const entrant: Entrant = teamId ? { kind: 'team', teamId } : { kind: 'user', userId: user.id };
    const guard = this.limitGuard(phase, settings, entrant, now);
    const usage = await this.repo.usageOf(phase.id, guard);
    return {
      phaseState: phaseState(phase, now),
      timeZone: settings.timeZone,
      countFailedSubmissions: settings.countFailedSubmissions,
      bypassLimits: await this.bypassesLimits(competition, user),
      perDay: { max: phase.maxSubmissionsPerDay, count: usage.today, resetsAt: usage.dayEnd },
      total: { max: phase.maxSubmissions, count: usage.total },
      concurrent: { max: settings.maxConcurrentSubmissions, count: usage.inFlight },
    };
  }

  /** Organizers test their own competition, and robots an admin marked run benchmarks: neither is limited. */
  private async bypassesLimits(competition: { id: string; ownerId: string }, user: AuthUser): Promise<boolean> {
    return (await this.organizers.isOrganizer(competition, user)) || (await this.accounts.isRobot(user.id));
  }

  private limitGuard(phase: PhaseEntity, settings: CompetitionSettings, entrant: Entrant, now: Date): LimitGuard {
    const limits: PhaseLimits = {
      perDay: phase.maxSubmissionsPerDay,
      total: phase.maxSubmissions,
      concurrent: settings.maxConcurrentSubmissions,
      timeZone: settings.timeZone,
    };
    return {
      entrant,
      timeZone: settings.timeZone,
      countFailed: settings.countFailedSubmissions,
      now,
      check: (u) => enforceLimits(limits, u),
    };
  }

  /** The submission an earlier request with this Idempotency-Key created; a key names one request, in one phase. */
  private async sameRequest(user: AuthUser, phaseId: string, key: string): Promise<SubmissionEntity | null> {
    const earlier = await this.repo.findByIdempotencyKey(user.id, key);
    if (earlier && earlier.phaseId !== phaseId) {
      throw new DomainError('conflict', 'this Idempotency-Key was already used for a submission to another phase');
    }
    return earlier;
  }

  /**
   * Owners and the competition's organizers may read a submission, and any signed-in user one its owner made
   * public; nobody else learns it exists.
   */
  async getVisible(
    id: string,
    user: AuthUser,
  ): Promise<{ submission: SubmissionEntity; runs: RunEntity[]; viewer: Viewer }> {
    const submission = await this.repo.find(id);
    if (!submission) {
      throw notFound(`submission ${id}`);
    }
    const competition = await this.competitions.get(submission.competitionId);
    const viewer: Viewer | null = (await this.organizers.isOrganizer(competition, user))
      ? 'organizer'
      : submission.ownerId === user.id
        ? 'owner'
        : submission.isPublic && competition.model.canParticipantsMakeSubmissionsPublic
          ? 'public'
          : null;
    if (!viewer) {
      throw notFound(`submission ${id}`);
    }
    return { submission, runs: await this.runs.forSubmission(id), viewer };
  }

  /** The owner publishes or withdraws their submission where the competition allows it; organizers always may. */
  async setPublic(id: string, user: AuthUser, isPublic: boolean): Promise<SubmissionEntity> {
    const { submission, viewer } = await this.getVisible(id, user);
    if (viewer === 'public') {
      throw notFound(`submission ${id}`);
    }
    if (viewer === 'owner' && isPublic) {
      const competition = await this.competitions.get(submission.competitionId);
      if (!competition.model.canParticipantsMakeSubmissionsPublic) {
        throw new DomainError('forbidden', 'this competition does not let participants make submissions public');
      }
    }
    await this.repo.setPublic(id, isPublic);
    return (await this.repo.find(id))!;
  }

  /** The caller's own submissions of the phase (all of them for organizers), each with its runs and submitter. */
  async listForPhase(phaseId: string, user: AuthUser, limit: number, offset: number): Promise<ListedSubmission[]> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    const all = await this.organizers.isOrganizer(competition, user);
    const submissions = await this.repo.forPhase(phaseId, all ? null : user.id, limit, offset);
    const ids = submissions.map((s) => s.id);
    const [runs, who] = await Promise.all([this.runs.forSubmissions(ids), this.repo.submitters(ids)]);
    return submissions.map((submission) => ({
      submission,
      runs: runs.filter((r) => r.submissionId === submission.id),
      who: who.get(submission.id),
    }));
  }

  /**
   * Where the competition shows detailed results on its leaderboard (enable_detailed_results and
   * show_detailed_results_in_leaderboard), any signed-in user may read those of a submission on a visible board,
   * under the same output and hidden-results rules as its owner. Otherwise the original refusal stands.
   */
  private async onLeaderboard(
    id: string,
    refusal: unknown,
  ): Promise<{ submission: SubmissionEntity; runs: RunEntity[]; viewer: Viewer }> {
    const submission = await this.repo.find(id);
    if (!submission) {
      throw refusal;
    }
    const { model } = await this.competitions.get(submission.competitionId);
    if (
      !model.enableDetailedResults ||
      !model.showDetailedResultsInLeaderboard ||
      !(await this.repo.onVisibleLeaderboard(id))
    ) {
      throw refusal;
    }
    return { submission, runs: await this.runs.forSubmission(id), viewer: 'owner' };
  }

  /** Who made a submission (for its detail page). */
  async submitterOf(id: string): Promise<Submitter | undefined> {
    return (await this.repo.submitters([id])).get(id);
  }

  async log(id: string, user: AuthUser, stream: 'stdout' | 'stderr') {
    const { submission, runs, viewer } = await this.getVisible(id, user);
    const refused = (await this.results.access(submission.phaseId, viewer)).logs;
    if (refused) {
      throw new DomainError('forbidden', refused);
    }
    const key = runs.map((r) => (stream === 'stdout' ? r.stdoutKey : r.stderrKey)).find(Boolean);
    if (!key) {
      throw notFound(`${stream} log of submission ${id}`);
    }
    return this.store.get(key);
  }

  /**
   * The submitted zip, for its submitter, the members of the team it was made for and the competition's organizers;
   * public submissions included, nobody else learns it exists.
   */
  async file(id: string, user: AuthUser) {
    const submission = await this.repo.find(id);
    if (!submission) {
      throw notFound(`submission ${id}`);
    }
    const competition = await this.competitions.get(submission.competitionId);
    const teamMember = async (teamId: string) =>
      this.teams.requireMember(teamId, competition.id, user.id).then(
        () => true,
        (e: unknown) => {
          if (e instanceof DomainError && e.code === 'forbidden') {
            return false;
          }
          throw e;
        },
      );
    const allowed =
      submission.ownerId === user.id ||
      (submission.teamId !== null && (await teamMember(submission.teamId))) ||
      (await this.organizers.isOrganizer(competition, user));
    if (!allowed) {
      throw notFound(`submission ${id}`);
    }
    return this.store.get(submission.fileKey);
  }

  /**
   * The run output zip (of the first task that stored one), as the phase's settings and its hidden results allow;
   * where the phase has hidden columns, participants get it with those scores removed from its score files.
   */
  async output(id: string, user: AuthUser) {
    const { submission, runs, viewer } = await this.getVisible(id, user);
    const access = await this.results.access(submission.phaseId, viewer);
    if (access.output) {
      throw new DomainError('forbidden', access.output);
    }
    const key = runs.map((r) => r.outputKey).find(Boolean);
    if (!key) {
      throw notFound(`output of submission ${id}`);
    }
    const stored = await this.store.get(key);
    return access.scores.kind === 'some' ? withoutScoreKeys(stored, access.scores.hiddenKeys) : stored;
  }

  /**
   * The scoring program's `detailed_results.html` (or its first HTML file at the top of the output), for the
   * submitter when the competition enables detailed results and the phase shows outputs, and always for organizers.
   * Returns the page's bytes (capped); the caller serves it sandboxed.
   */
  async detailedResults(id: string, user: AuthUser): Promise<Buffer> {
    const { submission, runs, viewer } = await this.getVisible(id, user).catch((e: unknown) =>
      this.onLeaderboard(id, e),
    );
    const refused = (await this.results.access(submission.phaseId, viewer)).detailedResults;
    if (refused) {
      throw new DomainError('forbidden', refused);
    }
    const key = runs.map((r) => r.outputKey).find(Boolean);
    if (!key) {
      throw notFound(`detailed results of submission ${id}`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'arena-detailed-'));
    try {
      const zipPath = join(dir, 'output.zip');
      await pipeline(await this.store.get(key), createWriteStream(zipPath));
      const zip = await SafeZip.open(zipPath, undefined, 'output');
      try {
        const top = zip.entries.filter((e) => !e.isDirectory && !e.name.includes('/'));
        const page = top.find((e) => e.name === 'detailed_results.html') ?? top.find((e) => /\.html?$/i.test(e.name));
        if (!page) {
          throw notFound(`detailed results of submission ${id}`);
        }
        return Buffer.from(await zip.readText(page.name, DETAILED_RESULTS_MAX_BYTES));
      } finally {
        zip.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private requireOpen(phase: PhaseEntity, now: Date, timeZone: string): void {
    const state = phaseState(phase, now);
    if (state === 'upcoming') {
      throw new DomainError('conflict', `phase "${phase.name}" opens at ${formatInZone(phase.startAt, timeZone)}`, {
        phaseState: state,
        startAt: phase.startAt.toISOString(),
      });
    }
    if (state === 'ended') {
      throw new DomainError('conflict', `phase "${phase.name}" ended at ${formatInZone(phase.endAt!, timeZone)}`, {
        phaseState: state,
        endAt: phase.endAt!.toISOString(),
      });
    }
  }

  private async requireZip(path: string): Promise<void> {
    try {
      // Read through before it is stored: an entry larger than its header says would only fail on the worker.
      (await SafeZip.openVerified(path, undefined, 'submission')).close();
    } catch (e) {
      if (e instanceof ZipSafetyError) {
        throw new DomainError('invalid_upload', e.message);
      }
      throw e;
    }
  }

  private async phaseTasks(phase: PhaseEntity): Promise<TaskEntity[]> {
    const tasks = await this.competitions.tasksOf(phase.competitionId);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return phase.taskIds.map((id) => {
      const task = byId.get(id);
      if (!task) {
        throw notFound(`task ${id} of phase ${phase.name}`);
      }
      if (!task.scoringProgramId) {
        throw new DomainError('conflict', `task "${task.name}" has no scoring program`);
      }
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
    scoringOnly = false,
  ): NewRun {
    const id = randomUUID();
    // A placeholder hash nobody holds the token of: the dispatcher mints the real token when it publishes the job.
    const { hash } = newToken();
    const files: RunFileName[] = ['submission', 'scoring_program'];
    if (task.referenceDataId) {
      files.push('reference_data');
    }
    // A scoring-only phase runs no prediction step: neither its input data nor its ingestion program is needed.
    if (task.inputDataId && !scoringOnly) {
      files.push('input_data');
    }
    if (task.ingestionProgramId && !scoringOnly) {
      files.push('ingestion_program');
    }
    const job: StoredJob = {
      version: PROTOCOL_VERSION,
      kind: 'score',
      runId: id,
      submissionId,
      competitionId,
      phaseId: phase.id,
      taskId: task.id,
      attempt: 1,
      image,
      limits: { timeLimitSec: phase.executionTimeLimitSec, ...this.config.runLimits },
      files,
      ingestionOnlyDuringScoring: task.ingestionOnlyDuringScoring,
      ...(scoringOnly ? { scoringOnly: true } : {}),
      requiresGpu: destination.requiresGpu || phase.requiresGpu,
      localData: {
        ...(task.referenceDataLocal ? { reference_data: task.referenceDataLocal } : {}),
        ...(task.inputDataLocal ? { input_data: task.inputDataLocal } : {}),
      },
      scoreKeys,
      createdAt: new Date().toISOString(),
    };
    return {
      id,
      submissionId,
      taskId: task.id,
      attempt: 1,
      status: 'queued',
      tokenHash: hash,
      queue: destination.queue,
      vhost: destination.vhost,
      job,
    };
  }
}
