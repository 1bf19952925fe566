import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEALTH_MAX_AGE_MS, healthFileOf, healthProblem, recordHealth, writeHealth } from './health-file';

describe('worker health record', () => {
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arena-health-'));
    dirs.push(dir);
    return healthFileOf(dir, 'w-1');
  };
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('is healthy only while fresh and consuming', async () => {
    const path = await fresh();
    const now = 1_000_000;
    expect(await healthProblem(path, now)).toMatch(/no health record/);
    await writeHealth(path, { broker: 'consuming', busy: true, at: now });
    expect(await healthProblem(path, now + 1000)).toBeUndefined();
    expect(await healthProblem(path, now + HEALTH_MAX_AGE_MS + 1)).toMatch(/s old/);
    await writeHealth(path, { broker: 'disconnected', busy: false, at: now });
    expect(await healthProblem(path, now)).toMatch(/not connected to its broker/);
    await writeHealth(path, { broker: 'stopped', busy: false, at: now });
    expect(await healthProblem(path, now)).toMatch(/stopped/);
  });

  it('records at once and marks the worker stopped at the end', async () => {
    const path = await fresh();
    const errors: Error[] = [];
    const recorder = recordHealth(
      path,
      () => ({ broker: 'consuming', busy: false }),
      (e) => errors.push(e),
    );
    await expect.poll(() => healthProblem(path, Date.now())).toBeUndefined();
    await recorder.stop();
    expect(await healthProblem(path, Date.now())).toMatch(/stopped/);
    expect(errors).toEqual([]);
  });
});
