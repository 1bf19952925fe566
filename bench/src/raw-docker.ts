import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const EXAMPLE = resolve(__dirname, '../../examples/binary-classification');

/** The example's scoring program, reference data and submission laid out as the worker lays out a run. */
export async function prepareRawLayout(tmp: string): Promise<string> {
  const dir = join(tmp, 'raw');
  await mkdir(join(dir, 'input'), { recursive: true });
  await cp(join(EXAMPLE, 'bundle/scoring_program'), join(dir, 'program'), { recursive: true });
  await cp(join(EXAMPLE, 'bundle/reference_data'), join(dir, 'input/ref'), { recursive: true });
  await cp(join(EXAMPLE, 'submission'), join(dir, 'input/res'), { recursive: true });
  await mkdir(join(dir, 'output'));
  await chmod(join(dir, 'output'), 0o777);
  return dir;
}

/** `docker run` of the scoring program with the worker's isolation flags; the time of each run, in ms. */
export function rawDockerRuns(dir: string, image: string, n: number): number[] {
  const args = [
    'run',
    '--rm',
    '--network',
    'none',
    '--user',
    '65534:65534',
    '--read-only',
    '--tmpfs',
    '/tmp:size=256m',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    '2g',
    '--memory-swap',
    '2g',
    '--cpus',
    '1',
    '--pids-limit',
    '256',
    '--init',
    '-w',
    '/app/program',
    '-v',
    `${dir}/program:/app/program:ro`,
    '-v',
    `${dir}/input/ref:/app/input/ref:ro`,
    '-v',
    `${dir}/input/res:/app/input/res:ro`,
    '-v',
    `${dir}/output:/app/output`,
    image,
    'sh',
    '-c',
    'python3 /app/program/score.py /app/input /app/output',
  ];
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    execFileSync('docker', args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return times;
}
