import type { Schema } from '@arena/api-client';
import type { Command } from 'commander';
import { call, requireSession } from '../api/arena-api';
import type { CliEnv } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { formatAge, formatTable } from '../format/table';
import { runReporting } from './command-runner';

export interface WorkerStatusOptions {
  queue?: string;
  json?: boolean;
}

/** `arena worker status [--queue id]`: the workers consuming a queue now (default: the platform's, admins only). */
export async function workerStatus(options: WorkerStatusOptions, io: CliIo, env: CliEnv): Promise<number> {
  return runReporting('arena worker status', io, async () => {
    const session = await requireSession(env);
    const id = options.queue;
    const workers = id
      ? await call(session, () => session.client.GET('/api/queues/{id}/workers', { params: { path: { id } } }))
      : await call(session, () => session.client.GET('/api/queues/default/workers'));
    if (options.json) {
      io.out(JSON.stringify(workers, null, 2));
    } else if (!workers.length) {
      io.out(`no worker is consuming ${id ? `queue ${id}` : 'the default queue'} now`);
    } else {
      for (const line of workerTable(workers)) {
        io.out(line);
      }
    }
    return ExitCode.ok;
  });
}

/** One row per worker: heartbeat age and reported GPUs are those of the run it holds; idle workers send none. */
export function workerTable(workers: Schema<'QueueWorkerDto'>[], now: number = Date.now()): string[] {
  const rows = workers.map((w) => [
    w.name,
    w.hostname ?? '-',
    w.version ?? '-',
    w.gpus,
    formatAge(w.connectedSince, now),
    w.currentRun ? currentJob(w.currentRun) : 'idle',
    w.currentRun ? formatAge(w.currentRun.lastHeartbeatAt, now) : '-',
  ]);
  return formatTable(
    [
      { title: 'WORKER' },
      { title: 'HOST' },
      { title: 'VERSION' },
      { title: 'GPUS' },
      { title: 'CONNECTED', align: 'right' },
      { title: 'CURRENT JOB' },
      { title: 'HEARTBEAT', align: 'right' },
    ],
    rows,
  );
}

function currentJob(run: Schema<'WorkerRunDto'>): string {
  const gpus = run.gpus?.length ? `, on ${run.gpus.join(', ')}` : '';
  return `run ${run.runId} (submission ${run.submissionId}${gpus})`;
}

export function registerWorkerCommands(
  program: Command,
  io: CliIo,
  env: CliEnv,
  setExit: (code: number) => void,
): void {
  const worker = program.command('worker').description('compute workers');
  worker
    .command('status')
    .description('workers consuming a queue now: heartbeat age, current job, GPUs')
    .option('--queue <id>', 'one of your queues (default: the platform queue, admins only)')
    .option('--json', 'print the workers as the API returns them')
    .action(async (options: WorkerStatusOptions) => setExit(await workerStatus(options, io, env)));
}
