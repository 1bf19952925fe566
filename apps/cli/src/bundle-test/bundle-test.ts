import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CompetitionModel,
  type LeaderboardModel,
  type PartRef,
  type PhaseModel,
  readBundle,
  formatProblem,
  hasErrors,
  type TaskModel,
  writePartZip,
  toIndexedColumns,
} from '@arena/bundle';
import { columnsFromIndexed, primaryKeyFromIndex, rankLeaderboard } from '@arena/leaderboard';
import {
  PROTOCOL_VERSION,
  type LogStream,
  type RunFileName,
  type RunResult,
  type ScoreJob,
} from '@arena/worker-protocol';
import { ConfigError, loadWorkerConfig, type WorkerConfig } from '@worker/config';
import { dockerMessage } from '@worker/docker/image-resolver';
import { runScoreJob } from '@worker/jobs/run-score-job';
import { createLogger } from '@worker/logger';
import Docker from 'dockerode';
import { CliFailure } from '../api/cli-failure';
import type { CliEnv } from '../api/cli-config';
import { ExitCode } from '../cli-io';
import { prepareZip } from '../upload/upload-file';
import { LocalRunApi } from './local-run-api';

export interface BundleTestOptions {
  /** The phase by name or number (1 is the first); default: the first phase. */
  phase?: string;
  /** WORKER_IMAGE_MAP for this run; default: the environment's. */
  imageMap?: string;
  /** WORKER_LOCAL_DATA: folders that `worker://` data names. */
  localData?: string;
  /** WORKER_GPUS. */
  gpus?: string;
  /** Where to keep the scoring output zip (of the last task that wrote one). */
  output?: string;
}

export interface TaskRun {
  task: string;
  result: RunResult;
  stdout: string;
  stderr: string;
}

export interface BoardView {
  key: string;
  title: string;
  columns: { key: string; title: string; value: string }[];
}

export interface BundleTestReport {
  competition: string;
  phase: string;
  status: 'finished' | 'failed';
  failure: { code: string; message: string } | null;
  scores: Record<string, number>;
  runs: TaskRun[];
  boards: BoardView[];
}

/** Limits of a run on the platform unless its operators changed them (RUN_MEMORY_MB, RUN_CPUS, RUN_PIDS). */
export const DEFAULT_RUN_LIMITS = { memoryMb: 2048, cpus: 1, pids: 256 };

/**
 * Runs a submission through a bundle's own programs on the local Docker engine with the worker's code (runScoreJob):
 * the same folders, mounts, limits, commands and verdicts as on a worker, one run per task of the phase, and the
 * scores merged and shown as the phase's boards would show them.
 */
export async function testBundle(
  bundlePath: string,
  submissionPath: string,
  options: BundleTestOptions,
  env: CliEnv,
  onOutput: (task: number, stream: LogStream, text: Buffer) => void,
  signal?: AbortSignal,
  onTask: (n: number, of: number, name: string) => void = () => undefined,
): Promise<BundleTestReport> {
  const read = await readBundle(bundlePath);
  try {
    if (read.openError?.code === 'not-found' || read.openError?.code === 'unreadable') {
      throw new CliFailure(`${bundlePath}: ${read.openError.message}`, ExitCode.usage);
    }
    if (!read.model || hasErrors(read.problems)) {
      const lines = read.problems.filter((p) => p.severity === 'error').map(formatProblem);
      throw new CliFailure(
        `${bundlePath} is not a valid bundle (arena bundle validate says more)`,
        ExitCode.invalid,
        lines,
      );
    }
    const model = read.model;
    const phase = choosePhase(model, options.phase);
    const config = workerConfig(options, env);
    const docker = new Docker({ socketPath: config.dockerSocket });
    try {
      await docker.ping();
    } catch (e) {
      throw new CliFailure(
        `cannot reach the Docker engine at ${config.dockerSocket}: ${dockerMessage(e)}`,
        ExitCode.unavailable,
      );
    }
    const submission = await prepareZip(submissionPath);
    const work = await mkdtemp(join(tmpdir(), 'arena-bundle-test-'));
    try {
      const runs: TaskRun[] = [];
      const tasks = phase.taskIndexes.map((i) => model.tasks.find((t) => t.index === i)!);
      for (const [n, task] of tasks.entries()) {
        onTask(n, tasks.length, task.name || `task ${task.index}`);
        const files = await taskFiles(read.source!, task, join(work, `task-${n}`), submission.zip, phase);
        const job = scoreJob(model, phase, task, files);
        const api = new LocalRunApi(
          files.zips,
          (stream, text) => onOutput(n, stream, text),
          options.output ?? null,
          quietLogger(),
        );
        // The engine is local: the work folder is the same path for the CLI and the Docker host.
        const workDir = join(work, `task-${n}`, 'worker');
        const result = await runScoreJob(job, {
          config: { ...config, workDir, hostWorkDir: workDir },
          docker,
          api,
          logger: quietLogger(),
          signal,
        });
        runs.push({
          task: task.name || `task ${task.index}`,
          result,
          stdout: api.logs.stdout.toString('utf8'),
          stderr: api.logs.stderr.toString('utf8'),
        });
        signal?.throwIfAborted();
      }
      return report(model, phase, runs);
    } finally {
      await submission.cleanup();
      await rm(work, { recursive: true, force: true, maxRetries: 3 });
    }
  } finally {
    read.source?.close();
  }
}

function choosePhase(model: CompetitionModel, ref: string | undefined): PhaseModel {
  if (ref === undefined) {
    return model.phases[0];
  }
  const byName = model.phases.find((p) => p.name.toLowerCase() === ref.toLowerCase());
  const byNumber = /^\d+$/.test(ref) ? model.phases.find((p) => p.index === Number(ref) - 1) : undefined;
  const phase = byName ?? byNumber;
  if (!phase) {
    const names = model.phases.map((p) => `${p.index + 1}. ${p.name}`).join(', ');
    throw new CliFailure(`the bundle has no phase "${ref}": its phases are ${names}`, ExitCode.usage);
  }
  return phase;
}

/** The worker's configuration for local runs: its environment (WORKER_*) with a private work folder and no cache. */
function workerConfig(options: BundleTestOptions, env: CliEnv): WorkerConfig {
  try {
    return loadWorkerConfig({
      ...env,
      WORKER_NAME: 'arena-bundle-test',
      WORKER_WORK_DIR: tmpdir(),
      WORKER_CACHE_MB: '0',
      WORKER_IMAGE_MAP: options.imageMap ?? env.WORKER_IMAGE_MAP ?? '',
      WORKER_LOCAL_DATA: options.localData ?? env.WORKER_LOCAL_DATA ?? '',
      WORKER_GPUS: options.gpus ?? env.WORKER_GPUS ?? '',
      LOG_LEVEL: 'silent',
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      throw new CliFailure(e.message, ExitCode.usage);
    }
    throw e;
  }
}

interface TaskFiles {
  zips: Partial<Record<RunFileName, string>>;
  localData: ScoreJob['localData'];
}

const PARTS: [RunFileName, keyof TaskModel][] = [
  ['scoring_program', 'scoringProgram'],
  ['ingestion_program', 'ingestionProgram'],
  ['input_data', 'inputData'],
  ['reference_data', 'referenceData'],
];

/** Each part of the task as the zip a worker would download; worker-local data by name, as the job names it. */
async function taskFiles(
  source: NonNullable<Awaited<ReturnType<typeof readBundle>>['source']>,
  task: TaskModel,
  dir: string,
  submission: string,
  phase: PhaseModel,
): Promise<TaskFiles> {
  if (task.key) {
    throw new CliFailure(
      `task "${task.name}" is an existing task of a platform (key ${task.key}): test the full bundle`,
      ExitCode.usage,
    );
  }
  await mkdir(dir, { recursive: true });
  const out: TaskFiles = { zips: { submission }, localData: {} };
  for (const [name, field] of PARTS) {
    const ref = task[field] as PartRef | undefined;
    if (!ref) {
      continue;
    }
    // A scoring-only phase runs no prediction step: neither input data nor an ingestion program is sent (as the API does).
    if (phase.scoringOnly && (name === 'input_data' || name === 'ingestion_program')) {
      continue;
    }
    if ('workerLocal' in ref) {
      out.localData![name as 'reference_data' | 'input_data'] = ref.workerLocal;
      continue;
    }
    if ('key' in ref) {
      throw new CliFailure(
        `${name} of task "${task.name}" names dataset ${ref.key} of a platform: test a full bundle (an export without --light)`,
        ExitCode.usage,
      );
    }
    const zip = join(dir, `${name}.zip`);
    await writePartZip(source, ref.path, createWriteStream(zip));
    out.zips[name] = zip;
  }
  return out;
}

function scoreJob(model: CompetitionModel, phase: PhaseModel, task: TaskModel, files: TaskFiles): ScoreJob {
  const scoreKeys = [
    ...new Set(
      model.leaderboards.flatMap((b) => b.columns.filter((c) => !c.computation && !c.rankAggregate).map((c) => c.key)),
    ),
  ];
  return {
    version: PROTOCOL_VERSION,
    kind: 'score',
    runId: randomUUID(),
    submissionId: randomUUID(),
    competitionId: randomUUID(),
    phaseId: randomUUID(),
    taskId: randomUUID(),
    attempt: 1,
    token: randomBytes(24).toString('hex'),
    image: model.dockerImage,
    limits: { timeLimitSec: phase.executionTimeLimitSec, ...DEFAULT_RUN_LIMITS },
    files: Object.keys(files.zips) as RunFileName[],
    ingestionOnlyDuringScoring: task.ingestionOnlyDuringScoring,
    ...(phase.scoringOnly ? { scoringOnly: true } : {}),
    requiresGpu: Boolean(phase.requiresGpu),
    localData: files.localData,
    scoreKeys,
    createdAt: new Date().toISOString(),
  };
}

/** The run's verdict, its merged scores (as the API merges a multi-task submission's runs), and each board's row. */
function report(model: CompetitionModel, phase: PhaseModel, runs: TaskRun[]): BundleTestReport {
  const failed = runs.find((r) => r.result.status === 'failed');
  const scores = Object.assign(
    {},
    ...runs.map((r) => (r.result.status === 'finished' ? r.result.scores : {})),
  ) as Record<string, number>;
  return {
    competition: model.title,
    phase: phase.name,
    status: failed ? 'failed' : 'finished',
    failure: failed && failed.result.status === 'failed' ? failed.result.failure : null,
    scores,
    runs,
    boards: failed ? [] : model.leaderboards.map((b) => boardRow(b, scores)),
  };
}

/** The row this submission would have on a board of its own: computed columns computed, scores at their precision. */
function boardRow(board: LeaderboardModel, scores: Record<string, number>): BoardView {
  const indexed = toIndexedColumns(board.columns);
  const columns = columnsFromIndexed(indexed);
  const primaryKey = primaryKeyFromIndex(indexed, board.primaryIndex);
  const [row] = rankLeaderboard(columns, [{ id: 'local', participantId: 'you', submittedAt: new Date(), scores }], {
    primaryKey,
  });
  return {
    key: board.key,
    title: board.title,
    columns: [...board.columns]
      .sort((a, b) => a.index - b.index)
      .map((c) => {
        const v = row?.scores[c.key];
        return { key: c.key, title: c.title, value: v === null || v === undefined ? '-' : v.toFixed(c.precision) };
      }),
  };
}

function quietLogger() {
  return createLogger('silent', 'arena-bundle-test');
}
