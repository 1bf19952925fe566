import type { ScoreJob } from '@arena/worker-protocol';
import type { WorkerConfig } from '@worker/config';
import type { ContainerRunOutcome } from '@worker/docker/container-runner';
import { measureOutput } from './output-size';
import { RunFailure } from './run-failure';
import { readScores, type ParsedScores } from './scores-reader';

const STDERR_LINES = 20;

/** Turns how the scoring container ended into scores, or the failure the submitter should see. */
export async function judgeOutcome(
  outcome: ContainerRunOutcome,
  job: ScoreJob,
  outputDir: string,
  config: Pick<WorkerConfig, 'maxMemoryMb' | 'outputMaxBytes'>,
  label = 'scoring program',
): Promise<ParsedScores> {
  await judgeStepEnd(outcome, job, outputDir, config, label);
  return readScores(outputDir, job.scoreKeys);
}

/** Throws the failure the submitter should see when a step's container did not end well; `label` names the step. */
export async function judgeStepEnd(
  outcome: ContainerRunOutcome,
  job: ScoreJob,
  outputDir: string,
  config: Pick<WorkerConfig, 'maxMemoryMb' | 'outputMaxBytes'>,
  label: string,
): Promise<void> {
  if (outcome.timedOut) {
    const where = label === 'scoring program' ? '' : ` (while the ${label} ran)`;
    throw new RunFailure('time_limit_exceeded', `time limit of ${job.limits.timeLimitSec} s exceeded${where}`);
  }
  if (outcome.killedBecause) throw new RunFailure('output_too_large', outcome.killedBecause);
  // A child killed for memory that the program survived is not the program running out of memory.
  if (outcome.oomKilled && outcome.exitCode !== 0) {
    const mb = Math.min(job.limits.memoryMb, config.maxMemoryMb);
    throw new RunFailure(
      'out_of_memory',
      `out of memory: the program used more than ${mb} MB (exit ${outcome.exitCode ?? 137})`,
    );
  }
  const size = await measureOutput(outputDir);
  // A file stopped by the size ulimit sits exactly at the cap, and the program then fails on EFBIG or SIGXFSZ.
  const stoppedByFileLimit = outcome.exitCode !== 0 && size.largestBytes >= config.outputMaxBytes;
  if (size.totalBytes > config.outputMaxBytes || stoppedByFileLimit) {
    throw new RunFailure('output_too_large', tooLargeMessage(size.totalBytes, config.outputMaxBytes));
  }
  if (outcome.exitCode !== 0) {
    const tail = outcome.stderr.lastLines(STDERR_LINES);
    const head = `${label} exited with code ${outcome.exitCode}`;
    throw new RunFailure('program_error', tail ? `${head}; last lines of stderr:\n${tail}` : head);
  }
}

export function tooLargeMessage(bytes: number, cap: number): string {
  return `the output folder reached ${bytes} bytes, over the cap of ${cap} bytes`;
}
