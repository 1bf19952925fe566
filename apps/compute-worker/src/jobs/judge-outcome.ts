import type { ScoreJob } from '@arena/worker-protocol';
import type { WorkerConfig } from '@worker/config';
import type { ContainerRunOutcome } from '@worker/docker/container-runner';
import { measureOutput } from './output-size';
import { RunFailure } from './run-failure';
import { readScores, type ParsedScores } from './scores-reader';

const TAIL_LINES = 20;

/** A program of the run and the step it ran in, as the submitter reads it in a failure. */
export interface StepProgram {
  /** 'scoring program', 'ingestion program', 'submission'. */
  program: string;
  step: 'prediction' | 'scoring';
}

export const SCORING_PROGRAM: StepProgram = { program: 'scoring program', step: 'scoring' };

/** "the ingestion program (prediction step)". */
export function named(who: StepProgram): string {
  return `the ${who.program} (${who.step} step)`;
}

/** Turns how the scoring container ended into scores, or the failure the submitter should see. */
export async function judgeOutcome(
  outcome: ContainerRunOutcome,
  job: ScoreJob,
  outputDir: string,
  config: Pick<WorkerConfig, 'maxMemoryMb' | 'outputMaxBytes'>,
): Promise<ParsedScores> {
  await judgeStepEnd(outcome, job, outputDir, config, SCORING_PROGRAM);
  try {
    return await readScores(outputDir, job.scoreKeys);
  } catch (e) {
    // A scorer that printed its trouble and exited 0 without scores: its last lines say why.
    if (e instanceof RunFailure) {
      throw new RunFailure(e.code, withTail(e.message, outcome));
    }
    throw e;
  }
}

/**
 * Throws the failure the submitter should see when a step's container did not end well. Every message names the
 * program and its step, and ends with the program's last lines of output.
 */
export async function judgeStepEnd(
  outcome: ContainerRunOutcome,
  job: ScoreJob,
  outputDir: string,
  config: Pick<WorkerConfig, 'maxMemoryMb' | 'outputMaxBytes'>,
  who: StepProgram,
): Promise<void> {
  const fail = (code: ConstructorParameters<typeof RunFailure>[0], head: string) => {
    throw new RunFailure(code, withTail(head, outcome));
  };
  if (outcome.timedOut) {
    fail(
      'time_limit_exceeded',
      `${named(who)} ran past the time limit of ${job.limits.timeLimitSec} s (one limit covers the whole run)`,
    );
  }
  if (outcome.killedBecause) {
    fail('output_too_large', `${named(who)} was stopped: ${outcome.killedBecause}`);
  }
  // A child killed for memory that the program survived is not the program running out of memory.
  if (outcome.oomKilled && outcome.exitCode !== 0) {
    const mb = Math.min(job.limits.memoryMb, config.maxMemoryMb);
    fail(
      'out_of_memory',
      `${named(who)} ran out of memory: it used more than ${mb} MB (exit ${outcome.exitCode ?? 137})`,
    );
  }
  const size = await measureOutput(outputDir);
  // A file stopped by the size ulimit sits exactly at the cap, and the program then fails on EFBIG or SIGXFSZ.
  const stoppedByFileLimit = outcome.exitCode !== 0 && size.largestBytes >= config.outputMaxBytes;
  if (size.totalBytes > config.outputMaxBytes || stoppedByFileLimit) {
    fail('output_too_large', `${named(who)}: ${tooLargeMessage(size.totalBytes, config.outputMaxBytes)}`);
  }
  if (outcome.exitCode !== 0) {
    fail('program_error', `${named(who)} exited with code ${outcome.exitCode}`);
  }
}

/** `head`, then the last lines the program wrote to stderr (or to stdout when stderr is empty). */
export function withTail(head: string, outcome: ContainerRunOutcome): string {
  const stderr = outcome.stderr.lastLines(TAIL_LINES);
  if (stderr) {
    return `${head}; last lines of its stderr:\n${stderr}`;
  }
  const stdout = outcome.stdout.lastLines(TAIL_LINES);
  return stdout ? `${head}; last lines of its stdout:\n${stdout}` : `${head} (it wrote nothing to stdout or stderr)`;
}

export function tooLargeMessage(bytes: number, cap: number): string {
  return `the output folder reached ${bytes} bytes, over the cap of ${cap} bytes`;
}
