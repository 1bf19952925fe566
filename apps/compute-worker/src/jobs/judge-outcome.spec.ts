import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScoreJob } from '@arena/worker-protocol';
import type { ContainerRunOutcome } from '@worker/docker/container-runner';
import { LogCapture } from '@worker/docker/log-capture';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeOutcome } from './judge-outcome';

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
    });
  });

  it.each([
    [{ timedOut: true, exitCode: null }, 'time_limit_exceeded', 'time limit of 5 s exceeded'],
    [{ killedBecause: 'too big', exitCode: null }, 'output_too_large', 'too big'],
    [
      { oomKilled: true, exitCode: 137 },
      'out_of_memory',
      'out of memory: the program used more than 256 MB (exit 137)',
    ],
    [
      { exitCode: 2 },
      'program_error',
      'scoring program exited with code 2; last lines of stderr:\nTraceback\nKeyError: x',
    ],
  ])('%j fails with %s', async (over, code, message) => {
    await expect(judgeOutcome(outcome(over), job, dir, config)).rejects.toMatchObject({ code, message });
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
