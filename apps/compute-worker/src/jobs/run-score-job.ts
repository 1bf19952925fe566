import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { zipDirectory, ZipSafetyError } from '@arena/safe-zip';
import { PROTOCOL_VERSION, parseRunResult, type RunResult, type ScoreJob } from '@arena/worker-protocol';
import type Docker from 'dockerode';
import type { RunApiClient } from '@worker/api-client/api-client';
import { ApiRejectedError, ApiUnavailableError } from '@worker/api-client/api.errors';
import type { WorkerConfig } from '@worker/config';
import { GpuUnavailableError, runContainer, type ContainerRunOutcome } from '@worker/docker/container-runner';
import { toHostPath, type ContainerMount } from '@worker/docker/container-spec';
import { ImageUnavailableError, resolveImage } from '@worker/docker/image-resolver';
import { RUN_LABEL, WORKER_LABEL } from '@worker/docker/orphan-cleanup';
import type { Logger } from '@worker/logger';
import type { WorkerMetrics } from '@worker/metrics/worker-metrics';
import type { RunFileCache } from '@worker/cache/run-file-cache';
import { fetchRunFiles } from './fetch-run-files';
import { LiveLogForwarder } from './live-log-forwarder';
import { requireGpus, resolveLocalData, type LocalMounts } from './job-requirements';
import { judgeOutcome, judgeStepEnd, named, tooLargeMessage, type StepProgram } from './judge-outcome';
import { measureOutput } from './output-size';
import { LEGACY_PREDICTION_PATHS, readCommand, readMetadata, readProgramCommand } from './program-command';
import { copyForPrograms, createRunDir, removeRunDir, type RunDir } from './run-dir';
import { RunFailure } from './run-failure';

export interface ScoreJobDeps {
  config: WorkerConfig;
  docker: Docker;
  api: RunApiClient;
  logger: Logger;
  /** Aborted on worker shutdown: the container is killed and nothing is reported (the job is requeued). */
  signal?: AbortSignal;
  /** Programs and data kept between runs; without it every file is downloaded. */
  cache?: RunFileCache;
  metrics?: WorkerMetrics;
  /** Set by runScoreJob: output sent to the API while the program runs. */
  live?: LiveLogForwarder;
}

interface Execution {
  result: RunResult;
  /** Set once a container ran: there is output to upload. */
  ran: boolean;
  outputTooLarge: boolean;
  stdout: Buffer;
  stderr: Buffer;
}

const MESSAGE_MAX = 4000;
const WATCHDOG_INTERVAL_MS = 2000;

/**
 * Runs a scoring job that the API agreed to start and reports it: output zip, logs, then the result. Resolves once
 * the API stored the result; API errors and aborts propagate so the caller can decide what to do with the message.
 */
export async function runScoreJob(job: ScoreJob, deps: ScoreJobDeps): Promise<RunResult> {
  const { api, logger, signal } = deps;
  let dir: RunDir | undefined;
  try {
    dir = await createRunDir(deps.config.workDir, job.runId, job.attempt);
    const live = new LiveLogForwarder(api, deps.config.logMaxBytes, logger);
    live.start();
    const exec = await execute(job, dir, { ...deps, live }).finally(() => live.stop());
    signal?.throwIfAborted();
    if (exec.ran && !exec.outputTooLarge) {
      const zipPath = await zipOutput(dir, logger);
      if (zipPath) {
        await api.uploadOutput(zipPath, signal);
      }
    }
    await api.uploadLog('stdout', exec.stdout, signal);
    await api.uploadLog('stderr', exec.stderr, signal);
    await api.postResult(exec.result, signal);
    logger.info(
      { status: exec.result.status, code: exec.result.status === 'failed' ? exec.result.failure.code : undefined },
      'result stored',
    );
    return exec.result;
  } finally {
    if (dir) {
      await removeRunDir(dir).catch((e: Error) => logger.warn({ err: e.message }, 'could not remove the run folder'));
    }
  }
}

/** The step before scoring: an ingestion program driving the submission, or a code submission on its own. */
interface PredictionPlan {
  who: StepProgram;
  programDir: string;
  command: string;
  /** The submission, mounted where an ingestion program expects it. */
  ingested: boolean;
  /**
   * A results submission (no metadata file) in a task with an ingestion program (Codabench): its files are the
   * predictions, the ingestion program still runs with them, and its failure does not fail the run.
   */
  results: boolean;
}

/**
 * What runs before the scorer, as on Codabench. With an ingestion program: it runs with the submission at
 * /app/ingested_program, whether the submission is code (it has a metadata file, with or without a command) or
 * results (none). Without one: a submission whose metadata has a command runs on its own; any other is results.
 */
async function planPrediction(job: ScoreJob, dir: RunDir): Promise<PredictionPlan | null> {
  // CodaLab's is_scoring_only: the submission is scored as results, whatever command it carries.
  if (job.scoringOnly) {
    return null;
  }
  const step = job.ingestionOnlyDuringScoring ? 'scoring' : 'prediction';
  if (job.files.includes('ingestion_program')) {
    const command = await readCommand(dir.ingestionProgram, 'ingestion program', LEGACY_PREDICTION_PATHS);
    if (command === null) {
      throw new RunFailure('bad_bundle', 'the ingestion program has no metadata.yaml with a command');
    }
    const results =
      (await readMetadata(dir.inputRes, 'submission', LEGACY_PREDICTION_PATHS, { lenient: true })) === null;
    return {
      who: { program: 'ingestion program', step },
      programDir: dir.ingestionProgram,
      command,
      ingested: true,
      results,
    };
  }
  const own = await readCommand(dir.inputRes, 'submission', LEGACY_PREDICTION_PATHS, { lenient: true });
  if (own === null) {
    return null;
  }
  return {
    who: { program: 'submission', step },
    programDir: dir.inputRes,
    command: own,
    ingested: false,
    results: false,
  };
}

/**
 * Judges the prediction step's end. An ingestion program that fails on a results submission does not fail the run
 * (nor does it on Codabench): the submitted files are scored as they are, and the returned note says why.
 */
async function judgePrediction(
  outcome: ContainerRunOutcome,
  plan: PredictionPlan,
  job: ScoreJob,
  dir: RunDir,
  config: WorkerConfig,
  allowanceBytes: number,
): Promise<{ ok: true } | { ok: false; note: string }> {
  const cap = { maxMemoryMb: config.maxMemoryMb, outputMaxBytes: config.outputMaxBytes + allowanceBytes };
  try {
    await judgeStepEnd(outcome, job, dir.predictions, cap, plan.who);
    return { ok: true };
  } catch (e) {
    if (!(plan.results && e instanceof RunFailure && (e.code === 'program_error' || e.code === 'out_of_memory'))) {
      throw e;
    }
    return {
      ok: false,
      note:
        `${named(plan.who)} failed on this results submission (it has no metadata file), so the submitted files ` +
        `are scored as they are. ${capitalized(e.message)}`,
    };
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function execute(job: ScoreJob, dir: RunDir, deps: ScoreJobDeps): Promise<Execution> {
  const { config, logger } = deps;
  const deadline = Date.now() + job.limits.timeLimitSec * 1000;
  const stepsMs: { prediction?: number; scoring?: number } = {};
  const outcomes: { label: string; outcome: ContainerRunOutcome }[] = [];
  // Said in the stderr log after the programs' own lines (and live as they happen).
  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    deps.live?.push('stderr', Buffer.from(`[arena] ${text}\n`));
  };
  // A failed ingestion that the run went on after: a scoring failure that follows says it too.
  const tolerated: { note: string | null } = { note: null };
  const last = () => outcomes.at(-1)?.outcome;
  try {
    if (!job.files.includes('scoring_program')) {
      throw new RunFailure('bad_bundle', 'the task has no scoring program');
    }
    requireGpus(job, config);
    const local = await resolveLocalData(job, config);
    await fetchRunFiles(
      job.files,
      dir,
      deps.api,
      logger,
      deps.signal,
      deps.cache && { cache: deps.cache, taskId: job.taskId, metrics: deps.metrics },
    );
    const scoringCommand = await readProgramCommand(dir.program);
    const prediction = await planPrediction(job, dir);
    const image = await resolveImage(deps.docker, job.image, { ...config, logger, metrics: deps.metrics });
    const step = (label: string, spec: StepSpec) => {
      const run = runStep(job, dir, deps, image, deadline, spec);
      return run.then((outcome) => {
        outcomes.push({ label, outcome });
        return outcome;
      });
    };
    const judge = async (outcome: ContainerRunOutcome, plan: PredictionPlan, allowance: number) => {
      const verdict = await judgePrediction(outcome, plan, job, dir, config, allowance);
      if (verdict.ok) {
        return true;
      }
      tolerated.note = verdict.note;
      note(verdict.note);
      return false;
    };

    let predictions = dir.inputRes;
    if (prediction && !job.ingestionOnlyDuringScoring) {
      // Codabench copies a results submission into the prediction output, where the ingestion program finds it too.
      const copied = prediction.results ? await copyForPrograms(dir.inputRes, dir.predictions) : 0;
      logger.info(
        {
          image,
          step: 'prediction',
          runs: prediction.who.program,
          command: prediction.command,
          results: prediction.results,
        },
        'running the prediction step',
      );
      const outcome = await step(
        prediction.who.program,
        predictionSpec(dir, job, prediction, dir.predictions, local, copied),
      );
      stepsMs.prediction = outcome.elapsedMs;
      predictions = (await judge(outcome, prediction, copied)) ? dir.predictions : dir.inputRes;
    }

    logger.info({ image, step: 'scoring', command: scoringCommand }, 'running the scoring program');
    const scoring = step('scoring program', scoringSpec(dir, job, scoringCommand, predictions, local));
    // Codabench's ingestion_only_during_scoring: the ingestion program runs beside the scorer, sharing /app/shared.
    const beside =
      prediction && job.ingestionOnlyDuringScoring
        ? step(prediction.who.program, predictionSpec(dir, job, prediction, dir.predictions, local, 0))
        : null;
    const [outcome, besideOutcome] = await Promise.all([scoring, beside]);
    stepsMs.scoring = outcome.elapsedMs;
    if (besideOutcome && prediction) {
      stepsMs.prediction = besideOutcome.elapsedMs;
      await judge(besideOutcome, prediction, 0);
    }
    logger.info(
      { exitCode: outcome.exitCode, elapsedMs: outcome.elapsedMs, oom: outcome.oomKilled, timedOut: outcome.timedOut },
      'scoring program ended',
    );
    const read = await judgeOutcome(outcome, job, dir.output, config);
    for (const text of read.notes) {
      note(text);
    }
    const result: RunResult = {
      version: PROTOCOL_VERSION,
      status: 'finished',
      scores: read.scores,
      unknownScoreKeys: read.unknownScoreKeys,
      ...(Object.keys(read.extraScores).length > 0 ? { extraScores: read.extraScores } : {}),
      exitCode: outcome.exitCode ?? 0,
      elapsedMs: sum(outcomes),
      stepsMs,
    };
    return done(result, outcomes, notes, false);
  } catch (e) {
    if (
      deps.signal?.aborted ||
      e instanceof ApiUnavailableError ||
      (e instanceof ApiRejectedError && !isFileRefusal(e))
    ) {
      throw e;
    }
    const failure = toFailure(e, logger);
    const message = tolerated.note ? `${failure.message}\n\nBefore that, ${tolerated.note}` : failure.message;
    const result: RunResult = {
      version: PROTOCOL_VERSION,
      status: 'failed',
      failure: { code: failure.code, message: cap(message) },
      exitCode: last()?.exitCode ?? null,
      elapsedMs: sum(outcomes),
      stepsMs,
    };
    return done(result, outcomes, notes, failure.code === 'output_too_large');
  }
}

interface StepSpec {
  cmd: string;
  mounts: ContainerMount[];
  /** The folder the step writes, watched against the output cap. */
  outputDir: string;
  /** Bytes the worker put in `outputDir` before the step (a results submission's files), on top of the cap. */
  allowanceBytes?: number;
}

function predictionSpec(
  dir: RunDir,
  job: ScoreJob,
  plan: PredictionPlan,
  outputDir: string,
  local: LocalMounts,
  allowanceBytes: number,
): StepSpec {
  // No reference data here: participant code never sees the ground truth.
  const mounts: ContainerMount[] = [
    { source: plan.programDir, target: '/app/program', readOnly: true },
    { source: outputDir, target: '/app/output', readOnly: false },
    { source: dir.shared, target: '/app/shared', readOnly: false },
  ];
  if (plan.ingested) {
    mounts.push({ source: dir.inputRes, target: '/app/ingested_program', readOnly: true });
  }
  mounts.push(...inputDataMount(dir, job, local));
  return { cmd: plan.command, mounts, outputDir, allowanceBytes };
}

function scoringSpec(dir: RunDir, job: ScoreJob, command: string, predictions: string, local: LocalMounts): StepSpec {
  const ref: ContainerMount = local.reference_data
    ? { source: local.reference_data, target: '/app/input/ref', readOnly: true, onHost: true }
    : { source: dir.inputRef, target: '/app/input/ref', readOnly: true };
  const mounts: ContainerMount[] = [
    { source: dir.program, target: '/app/program', readOnly: true },
    ref,
    { source: predictions, target: '/app/input/res', readOnly: true },
    { source: dir.output, target: '/app/output', readOnly: false },
    { source: dir.shared, target: '/app/shared', readOnly: false },
  ];
  mounts.push(...inputDataMount(dir, job, local));
  return { cmd: command, mounts, outputDir: dir.output };
}

function inputDataMount(dir: RunDir, job: ScoreJob, local: LocalMounts): ContainerMount[] {
  if (local.input_data) {
    return [{ source: local.input_data, target: '/app/input_data', readOnly: true, onHost: true }];
  }
  return job.files.includes('input_data') ? [{ source: dir.inputData, target: '/app/input_data', readOnly: true }] : [];
}

/** One container of the run, with what remains of the run's time limit. */
async function runStep(
  job: ScoreJob,
  dir: RunDir,
  deps: ScoreJobDeps,
  image: string,
  deadline: number,
  spec: StepSpec,
): Promise<ContainerRunOutcome> {
  const { config, logger, signal } = deps;
  const remainingSec = Math.max(0.001, (deadline - Date.now()) / 1000);
  return runContainer(
    deps.docker,
    {
      image,
      cmd: ['sh', '-c', spec.cmd],
      user: config.containerUser,
      workingDir: '/app/program',
      env: ['PYTHONUNBUFFERED=1', 'HOME=/tmp'],
      labels: { [WORKER_LABEL]: config.workerName, [RUN_LABEL]: job.runId },
      mounts: spec.mounts,
      memoryMb: Math.min(job.limits.memoryMb, config.maxMemoryMb),
      cpus: Math.min(job.limits.cpus, config.maxCpus),
      pids: Math.min(job.limits.pids, config.maxPids),
      tmpfsMb: config.tmpfsMb,
      maxFileBytes: config.outputMaxBytes,
      gpus: config.gpus,
    },
    {
      timeLimitSec: remainingSec,
      logMaxBytes: config.logMaxBytes,
      onOutput: deps.live && ((stream, chunk) => deps.live!.push(stream, chunk)),
      hostPath: (p) => toHostPath(p, config.workDir, config.hostWorkDir),
      logger,
      signal,
      watchdog: {
        intervalMs: WATCHDOG_INTERVAL_MS,
        check: async () => {
          const { totalBytes } = await measureOutput(spec.outputDir);
          const limit = config.outputMaxBytes + (spec.allowanceBytes ?? 0);
          return totalBytes > limit ? tooLargeMessage(totalBytes, limit) : null;
        },
      },
    },
  );
}

function sum(outcomes: { outcome: ContainerRunOutcome }[]): number {
  return outcomes.reduce((total, o) => total + o.outcome.elapsedMs, 0);
}

function done(
  result: RunResult,
  outcomes: { label: string; outcome: ContainerRunOutcome }[],
  notes: string[],
  outputTooLarge: boolean,
): Execution {
  // With one step, the logs are that step's; with more, each step's part is headed by its name. The worker's notes
  // on the run (a tolerated ingestion failure, columns without a score) close the stderr log.
  const logs = (pick: (o: ContainerRunOutcome) => Buffer) =>
    outcomes.length <= 1
      ? outcomes[0]
        ? pick(outcomes[0].outcome)
        : Buffer.alloc(0)
      : Buffer.concat(outcomes.flatMap(({ label, outcome }) => [Buffer.from(`=== ${label} ===\n`), pick(outcome)]));
  const stderr = logs((o) => o.stderr.content());
  const tail =
    notes.length === 0
      ? []
      : [
          Buffer.from(
            `${stderr.length && !stderr.toString('utf8').endsWith('\n') ? '\n' : ''}=== arena ===\n${notes.join('\n')}\n`,
          ),
        ];
  return {
    // Checked like the API will check it, so a worker bug shows here rather than as a refused report.
    result: parseRunResult(result),
    ran: outcomes.length > 0,
    outputTooLarge,
    stdout: logs((o) => o.stdout.content()),
    stderr: Buffer.concat([stderr, ...tail]),
  };
}

/** The output zip, or null when the folder cannot be zipped (the result still goes up, without output). */
async function zipOutput(dir: RunDir, logger: Logger): Promise<string | null> {
  const zipPath = join(dir.downloads, 'output.zip');
  try {
    const zipped = await zipDirectory(dir.output, createWriteStream(zipPath, { mode: 0o600 }));
    if (zipped.skipped.length > 0) {
      logger.warn({ skipped: zipped.skipped }, 'output entries left out of the zip');
    }
    return zipPath;
  } catch (e) {
    logger.error({ err: (e as Error).message }, 'could not zip the output folder');
    return null;
  }
}

/** A file the API refuses to serve (e.g. 404) fails this run; other refusals (401, 409) end the job itself. */
function isFileRefusal(e: ApiRejectedError): boolean {
  return e.call.startsWith('download ') && e.status !== 401 && e.status !== 403 && e.status !== 409;
}

function toFailure(e: unknown, logger: Logger): RunFailure {
  if (e instanceof RunFailure) {
    return e;
  }
  if (e instanceof ImageUnavailableError) {
    return new RunFailure('image_unavailable', e.message);
  }
  if (e instanceof GpuUnavailableError) {
    return new RunFailure('gpu_unavailable', e.message);
  }
  if (e instanceof ZipSafetyError) {
    return new RunFailure('bad_bundle', e.message);
  }
  if (e instanceof ApiRejectedError) {
    return new RunFailure('worker_error', e.message);
  }
  logger.error({ err: e }, 'unexpected error while running the job');
  return new RunFailure('worker_error', `the worker failed: ${(e as Error).message ?? String(e)}`);
}

function cap(message: string): string {
  return message.length <= MESSAGE_MAX ? message : `${message.slice(0, MESSAGE_MAX - 3)}...`;
}
