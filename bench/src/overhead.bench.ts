import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiSession } from './api-session';
import { setUpExampleCompetition } from './example-competition';
import { prepareRawLayout, rawDockerRuns } from './raw-docker';
import { percentile, resultLine, summary } from './stats';

/**
 * Submit-to-leaderboard time of the example results submission through the whole platform (HTTP upload,
 * RabbitMQ, worker, container, report), beside a raw `docker run` of the same scoring program on the same
 * image with the same isolation flags, measured in the same run. Runs are sequential: this is latency.
 */
export async function overhead(): Promise<void> {
  const api = (process.env.ARENA_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const n = Number(process.env.BENCH_N ?? 20);
  const image = process.env.BENCH_IMAGE ?? 'arena/codalab-legacy:py3';
  const tmp = await mkdtemp(join(tmpdir(), 'arena-bench-'));
  try {
    const baseline = rawDockerRuns(await prepareRawLayout(tmp), image, n);
    console.log(`raw docker run (${image}):       ${summary(baseline)}`);
    const platform = await platformRuns(api, tmp, n);
    console.log(`platform submit-to-leaderboard: ${summary(platform)}`);
    console.log(resultLine('overhead', percentile(platform, 50), percentile(baseline, 50), 'ms'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function platformRuns(api: string, tmp: string, n: number): Promise<number[]> {
  const { participant, phaseId, results } = await setUpExampleCompetition(api, tmp);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const sub = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
    await untilOnLeaderboard(participant, phaseId, sub.id);
    times.push(performance.now() - t0);
  }
  return times;
}

async function untilOnLeaderboard(s: ApiSession, phaseId: string, submissionId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const board = await s.call('GET', `/api/phases/${phaseId}/leaderboard`);
    if (board.leaderboards[0].rows.some((r: { submissionId: string }) => r.submissionId === submissionId)) {
      return;
    }
    const sub = await s.call('GET', `/api/submissions/${submissionId}`);
    if (sub.status === 'failed') {
      throw new Error(`submission failed: ${sub.failureCode}: ${sub.failureMessage}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`submission ${submissionId} not on the leaderboard after 120 s`);
}
