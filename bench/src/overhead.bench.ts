import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import { ApiSession } from './api-session';
import { resultLine, summary, percentile } from './stats';

const EXAMPLE = resolve(__dirname, '../../examples/binary-classification');

/**
 * Submit-to-leaderboard time of the example results submission through the whole platform (HTTP upload,
 * RabbitMQ, worker, container, report), beside a raw `docker run` of the same scoring program on the same
 * image with the same isolation flags, measured in the same run. Runs are sequential: this is latency.
 */
export async function overhead(): Promise<void> {
  const api = (process.env.ARENA_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const n = Number(process.env.BENCH_N ?? 20);
  const image = process.env.BENCH_IMAGE ?? 'arena/python-ds:3.11';
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

async function prepareRawLayout(tmp: string): Promise<string> {
  const dir = join(tmp, 'raw');
  await mkdir(join(dir, 'input'), { recursive: true });
  await cp(join(EXAMPLE, 'bundle/scoring_program'), join(dir, 'program'), { recursive: true });
  await cp(join(EXAMPLE, 'bundle/reference_data'), join(dir, 'input/ref'), { recursive: true });
  await cp(join(EXAMPLE, 'submission'), join(dir, 'input/res'), { recursive: true });
  await mkdir(join(dir, 'output'));
  await chmod(join(dir, 'output'), 0o777);
  return dir;
}

function rawDockerRuns(dir: string, image: string, n: number): number[] {
  const args = [
    'run', '--rm', '--network', 'none', '--user', '65534:65534', '--read-only', '--tmpfs', '/tmp:size=256m',
    '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--memory', '2g', '--memory-swap', '2g',
    '--cpus', '1', '--pids-limit', '256', '--init', '-w', '/app/program',
    '-v', `${dir}/program:/app/program:ro`, '-v', `${dir}/input/ref:/app/input/ref:ro`,
    '-v', `${dir}/input/res:/app/input/res:ro`, '-v', `${dir}/output:/app/output`,
    image, 'sh', '-c', 'python3 /app/program/score.py /app/input /app/output',
  ];
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    execFileSync('docker', args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return times;
}

async function platformRuns(api: string, tmp: string, n: number): Promise<number[]> {
  const stamp = Date.now().toString(36);
  const organizer = await ApiSession.signUp(api, `bench-org-${stamp}`);
  const participant = await ApiSession.signUp(api, `bench-user-${stamp}`);
  const bundle = join(tmp, 'bundle.zip');
  await zipDirectory(join(EXAMPLE, 'bundle'), createWriteStream(bundle));
  const competition = await organizer.upload('/api/competitions', 'bundle', bundle);
  await participant.call('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
  const phaseId: string = competition.phases[0].id;
  const results = join(tmp, 'results.zip');
  await zipDirectory(join(EXAMPLE, 'submission'), createWriteStream(results));

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
    if (board.leaderboards[0].rows.some((r: { submissionId: string }) => r.submissionId === submissionId)) return;
    const sub = await s.call('GET', `/api/submissions/${submissionId}`);
    if (sub.status === 'failed') throw new Error(`submission failed: ${sub.failureCode}: ${sub.failureMessage}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`submission ${submissionId} not on the leaderboard after 120 s`);
}
