import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunFileName, RunResult, ScoreJob } from '@arena/worker-protocol';
import { ApiClient } from '@worker/api-client/api-client';
import { runScoreJob } from '@worker/jobs/run-score-job';
import type { Logger } from '@worker/logger';
import { expect } from 'vitest';
import { FakeApi } from './fake-api';
import { docker, makeJob, makeZip, testConfig } from './fixtures';

/** The folders of a run as a bundle and a submission give them: file name to content, zipped by `runJob`. */
export type RunParts = Partial<Record<RunFileName, Record<string, string>>> & {
  scoring_program: Record<string, string>;
};

export interface RunJobOptions {
  job?: Partial<ScoreJob>;
  env?: Record<string, string>;
  /** The folder the scoring program's zip puts everything in. */
  programTopFolder?: string;
}

/**
 * Runs one job through the real worker code and Docker, against a fake API serving `parts`; checks that the result
 * was reported once and the run folder removed. The caller removes `apis` and checks `runIds` left no container.
 */
export async function runJob(
  ctx: { rootDir: string; logger: Logger; runIds: string[]; apis: FakeApi[] },
  parts: RunParts,
  options: RunJobOptions = {},
) {
  const files = Object.keys(parts) as RunFileName[];
  const job = makeJob({ files, ...options.job });
  ctx.runIds.push(job.runId);
  const base = join(ctx.rootDir, job.runId);
  await mkdir(base);
  const zips: Partial<Record<RunFileName, string>> = {};
  for (const name of files) {
    zips[name] = await makeZip(
      join(base, `${name}.zip`),
      parts[name]!,
      name === 'scoring_program' ? options.programTopFolder : undefined,
    );
  }
  const api = new FakeApi(job.token, zips);
  ctx.apis.push(api);
  const url = await api.listen();
  const config = testConfig(join(base, 'work'), { ARENA_API_URL: url, ...options.env });
  const retry = { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 };
  const client = new ApiClient({ baseUrl: url, timeoutMs: 5000, logger: ctx.logger, retry });
  const started = Date.now();
  const result: RunResult = await runScoreJob(job, {
    config,
    docker,
    api: client.forRun(job.runId, job.token),
    logger: ctx.logger,
  });
  expect(api.results).toEqual([result]);
  // The run folder is gone once reported.
  expect(await readdir(join(config.workDir, 'runs'))).toEqual([]);
  return { result, api, job, config, wallMs: Date.now() - started };
}
