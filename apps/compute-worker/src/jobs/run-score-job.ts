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
import type { RunFileCache } from '@worker/cache/run-file-cache';
import { fetchRunFiles } from './fetch-run-files';
import { LiveLogForwarder } from './live-log-forwarder';
import { requireGpus, resolveLocalData, type LocalMounts } from './job-requirements';
import { judgeOutcome, judgeStepEnd, tooLargeMessage } from './judge-outcome';
import { measureOutput } from './output-size';
import { LEGACY_PREDICTION_PATHS, readCommand, readProgramCommand } from './program-command';
import { createRunDir, removeRunDir, type RunDir } from './run-dir';
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
      if (zipPath) await api.uploadOutput(zipPath, signal);
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
  label: string;
  programDir: string;
  command: string;
  /** The submission, mounted where an ingestion program expects it. */
  ingested: boolean;
}

async function planPrediction(job: ScoreJob, dir: RunDir): Promise<PredictionPlan | null> {
  // CodaLab's is_scoring_only: the submission is scored as results, whatever command it carries.
  if (job.scoringOnly) return null;
  if (job.files.includes('ingestion_program')) {
    const command = await readCommand(dir.ingestionProgram, 'ingestion program', LEGACY_PREDICTION_PATHS);
    if (command === null) throw new RunFailure('bad_bundle', 'ingestion program has no metadata.yaml with a command');
    return { label: 'ingestion program', programDir: dir.ingestionProgram, command, ingested: true };
  }
  const own = await readCommand(dir.inputRes, 'submission', LEGACY_PREDICTION_PATHS);
  return own === null ? null : { label: 'submission', programDir: dir.inputRes, command: own, ingested: false };
}

async function execute(job: ScoreJob, dir: RunDir, deps: ScoreJobDeps): Promise<Execution> {
  const { config, logger } = deps;
  const deadline = Date.now() + job.limits.timeLimitSec * 1000;
  const stepsMs: { prediction?: number; scoring?: number } = {};
  const outcomes: { label: string; outcome: ContainerRunOutcome }[] = [];
  const last = () => outcomes.at(-1)?.outcome;
  try {
    if (!job.files.includes('scoring_program')) throw new RunFailure('bad_bundle', 'the task has no scoring program');
    requireGpus(job, config);
    const local = await resolveLocalData(job, config);
    await fetchRunFiles(job.files, dir, deps.api, logger, deps.signal, deps.cache && { cache: deps.cache, taskId: job.taskId });
    const scoringCommand = await readProgramCommand(dir.program);
    const prediction = await planPrediction(job, dir);
    const image = await resolveImage(deps.docker, job.image, { ...config, logger });
    const step = (label: string, spec: StepSpec) => {
      const run = runStep(job, dir, deps, image, deadline, spec);
      return run.then((outcome) => {
        outcomes.push({ label, outcome });
        return outcome;
      });
    };

    let predictions = dir.inputRes;
    if (prediction && !job.ingestionOnlyDuringScoring) {
      logger.info({ image, step: 'prediction', runs: prediction.label, command: prediction.command }, 'running the prediction step');
      const outcome = await step(prediction.label, predictionSpec(dir, job, prediction, dir.predictions, local));
      stepsMs.prediction = outcome.elapsedMs;
      await judgeStepEnd(outcome, job, dir.predictions, config, prediction.label);
      predictions = dir.predictions;
    }

    logger.info({ image, step: 'scoring', command: scoringCommand }, 'running the scoring program');
    const scoring = step('scoring program', scoringSpec(dir, job, scoringCommand, predictions, local));
    // Codabench's ingestion_only_during_scoring: the ingestion program runs beside the scorer, sharing /app/shared.
    const beside =
      prediction && job.ingestionOnlyDuringScoring
        ? step(prediction.label, predictionSpec(dir, job, prediction, dir.predictions, local))
        : null;
    const [outcome, besideOutcome] = await Promise.all([scoring, beside]);
    stepsMs.scoring = outcome.elapsedMs;
    if (besideOutcome && prediction) {
      stepsMs.prediction = besideOutcome.elapsedMs;
      await judgeStepEnd(besideOutcome, job, dir.predictions, config, prediction.label);
    }
    logger.info(
      { exitCode: outcome.exitCode, elapsedMs: outcome.elapsedMs, oom: outcome.oomKilled, timedOut: outcome.timedOut },
      'scoring program ended',
    );
    const { scores, unknownScoreKeys } = await judgeOutcome(outcome, job, dir.output, config);
    const result: RunResult = {
      version: PROTOCOL_VERSION,
      status: 'finished',
      scores,
      unknownScoreKeys,
      exitCode: outcome.exitCode ?? 0,
      elapsedMs: sum(outcomes),
      stepsMs,
    };
    return done(result, outcomes, false);
  } catch (e) {
    if (deps.signal?.aborted || e instanceof ApiUnavailableError || (e instanceof ApiRejectedError && !isFileRefusal(e))) {
      throw e;
    }
    const failure = toFailure(e, logger);
    const result: RunResult = {
      version: PROTOCOL_VERSION,
      status: 'failed',
      failure: { code: failure.code, message: cap(failure.message) },
      exitCode: last()?.exitCode ?? null,
      elapsedMs: sum(outcomes),
      stepsMs,
    };
    return done(result, outcomes, failure.code === 'output_too_large');
  }
}

interface StepSpec {
  cmd: string;
  mounts: ContainerMount[];
  /** The folder the step writes, watched against the output cap. */
  outputDir: string;
}

function predictionSpec(dir: RunDir, job: ScoreJob, plan: PredictionPlan, outputDir: string, local: LocalMounts): StepSpec {
  // No reference data here: participant code never sees the ground truth.
  const mounts: ContainerMount[] = [
    { source: plan.programDir, target: '/app/program', readOnly: true },
    { source: outputDir, target: '/app/output', readOnly: false },
    { source: dir.shared, target: '/app/shared', readOnly: false },
  ];
  if (plan.ingested) mounts.push({ source: dir.inputRes, target: '/app/ingested_program', readOnly: true });
  mounts.push(...inputDataMount(dir, job, local));
  return { cmd: plan.command, mounts, outputDir };
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
  if (local.input_data) return [{ source: local.input_data, target: '/app/input_data', readOnly: true, onHost: true }];
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
          return totalBytes > config.outputMaxBytes ? tooLargeMessage(totalBytes, config.outputMaxBytes) : null;
        },
      },
    },
  );
}

function sum(outcomes: { outcome: ContainerRunOutcome }[]): number {
  return outcomes.reduce((total, o) => total + o.outcome.elapsedMs, 0);
}

function done(result: RunResult, outcomes: { label: string; outcome: ContainerRunOutcome }[], outputTooLarge: boolean): Execution {
  // With one step, the logs are that step's; with more, each step's part is headed by its name.
  const logs = (pick: (o: ContainerRunOutcome) => Buffer) =>
    outcomes.length <= 1
      ? (outcomes[0] ? pick(outcomes[0].outcome) : Buffer.alloc(0))
      : Buffer.concat(outcomes.flatMap(({ label, outcome }) => [Buffer.from(`=== ${label} ===\n`), pick(outcome)]));
  return {
    // Checked like the API will check it, so a worker bug shows here rather than as a refused report.
    result: parseRunResult(result),
    ran: outcomes.length > 0,
    outputTooLarge,
    stdout: logs((o) => o.stdout.content()),
    stderr: logs((o) => o.stderr.content()),
  };
}

/** The output zip, or null when the folder cannot be zipped (the result still goes up, without output). */
async function zipOutput(dir: RunDir, logger: Logger): Promise<string | null> {
  const zipPath = join(dir.downloads, 'output.zip');
  try {
    const zipped = await zipDirectory(dir.output, createWriteStream(zipPath, { mode: 0o600 }));
    if (zipped.skipped.length > 0) logger.warn({ skipped: zipped.skipped }, 'output entries left out of the zip');
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
  if (e instanceof RunFailure) return e;
  if (e instanceof ImageUnavailableError) return new RunFailure('image_unavailable', e.message);
  if (e instanceof GpuUnavailableError) return new RunFailure('gpu_unavailable', e.message);
  if (e instanceof ZipSafetyError) return new RunFailure('bad_bundle', e.message);
  if (e instanceof ApiRejectedError) return new RunFailure('worker_error', e.message);
  logger.error({ err: e }, 'unexpected error while running the job');
  return new RunFailure('worker_error', `the worker failed: ${(e as Error).message ?? String(e)}`);
}

function cap(message: string): string {
  return message.length <= MESSAGE_MAX ? message : `${message.slice(0, MESSAGE_MAX - 3)}...`;
}
