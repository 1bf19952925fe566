import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScoreJob } from '@arena/worker-protocol';
import type { ContainerRunOutcome } from '@worker/docker/container-runner';
import { LogCapture } from '@worker/docker/log-capture';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeOutcome, judgeStepEnd } from './judge-outcome';

const job = { limits: { timeLimitSec: 5, memoryMb: 512, cpus: 1, pids: 10 }, scoreKeys: ['a'] } as ScoreJob;
const config = { maxMemoryMb: 256, outputMaxBytes: 100 };

function outcome(over: Partial<ContainerRunOutcome> = {}): ContainerRunOutcome {
  const stderr = new LogCapture('stderr', 1000);
  stderr.add(Buffer.from('Traceback\nKeyError: x\n'));
  return {
    exitCode: 0,
    oomKilled: false,
    timedOut: false,
    killedBecause: null,
    elapsedMs: 10,
    stdout: new LogCapture('stdout', 1000),
    stderr,
    ...over,
  };
}

describe('judgeOutcome', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arena-judge-'));
    await writeFile(join(dir, 'scores.json'), '{"a": 1}');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the scores of a clean exit', async () => {
    await expect(judgeOutcome(outcome(), job, dir, config)).resolves.toEqual({
      scores: { a: 1 },
      unknownScoreKeys: [],
      extraScores: {},
      notes: [],
    });
  });

  it.each([
    [
      { timedOut: true, exitCode: null },
      'time_limit_exceeded',
      'the scoring program (scoring step) ran past the time limit of 5 s (one limit covers the whole run)',
    ],
    [
      { killedBecause: 'too big', exitCode: null },
      'output_too_large',
      'the scoring program (scoring step) was stopped: too big',
    ],
    [
      { oomKilled: true, exitCode: 137 },
      'out_of_memory',
      'the scoring program (scoring step) ran out of memory: it used more than 256 MB (exit 137)',
    ],
    [{ exitCode: 2 }, 'program_error', 'the scoring program (scoring step) exited with code 2'],
  ])('%j fails with %s, naming the step, the program and its last lines', async (over, code, message) => {
    await expect(judgeOutcome(outcome(over), job, dir, config)).rejects.toMatchObject({
      code,
      message: `${message}; last lines of its stderr:\nTraceback\nKeyError: x`,
    });
  });

  it('quotes stdout when the program wrote nothing to stderr, and says when it wrote nothing at all', async () => {
    const quiet = outcome({ exitCode: 1, stderr: new LogCapture('stderr', 1000) });
    quiet.stdout.add(Buffer.from('loading\nno predictions found\n'));
    await expect(
      judgeStepEnd(quiet, job, dir, config, { program: 'ingestion program', step: 'prediction' }),
    ).rejects.toMatchObject({
      message:
        'the ingestion program (prediction step) exited with code 1; last lines of its stdout:\nloading\nno predictions found',
    });
    const silent = outcome({ exitCode: 1, stderr: new LogCapture('stderr', 1000) });
    await expect(
      judgeStepEnd(silent, job, dir, config, { program: 'submission', step: 'prediction' }),
    ).rejects.toMatchObject({
      message: 'the submission (prediction step) exited with code 1 (it wrote nothing to stdout or stderr)',
    });
  });

  it('quotes the scorer when it exited 0 without writing scores', async () => {
    await rm(join(dir, 'scores.json'));
    await expect(judgeOutcome(outcome(), job, dir, config)).rejects.toMatchObject({
      code: 'no_scores',
      message:
        'the scoring program wrote no scores.json or scores.txt in /app/output; last lines of its stderr:\nTraceback\nKeyError: x',
    });
  });

  it('does not call a run out of memory when the program survived a killed child', async () => {
    await expect(judgeOutcome(outcome({ oomKilled: true }), job, dir, config)).resolves.toMatchObject({
      scores: { a: 1 },
    });
  });

  it('blames the output size when a file reached the cap and the program failed', async () => {
    await writeFile(join(dir, 'big'), Buffer.alloc(100));
    await expect(judgeOutcome(outcome({ exitCode: 1 }), job, dir, config)).rejects.toMatchObject({
      code: 'output_too_large',
    });
  });
});
