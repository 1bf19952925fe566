import { stat } from 'node:fs/promises';
import type { LocalData, ScoreJob } from '@arena/worker-protocol';
import type { WorkerConfig } from '@worker/config';
import { RunFailure } from './run-failure';

/** Host folders of the worker-local data a job names, by the part they stand for. */
export type LocalMounts = { [K in keyof LocalData]?: string };

/** A job of a phase or queue that requires GPUs fails here rather than running without them, so it is never stuck. */
export function requireGpus(job: ScoreJob, config: WorkerConfig): void {
  if (job.requiresGpu && config.gpus.kind === 'none') {
    throw new RunFailure(
      'gpu_unavailable',
      `the job requires GPU workers (its phase or queue says so) and this worker (${config.workerName}) has none (WORKER_GPUS is not set)`,
    );
  }
}

/**
 * The folders this worker holds for the job's worker-local data (WORKER_LOCAL_DATA). They are mounted read-only in
 * place of downloaded parts; the data never leaves this host.
 */
export async function resolveLocalData(job: ScoreJob, config: WorkerConfig): Promise<LocalMounts> {
  const out: LocalMounts = {};
  for (const part of ['reference_data', 'input_data'] as const) {
    const name = job.localData?.[part];
    if (!name) {
      continue;
    }
    const folder = Object.hasOwn(config.localData, name) ? config.localData[name] : undefined;
    if (!folder) {
      throw new RunFailure(
        'local_data_unavailable',
        `this worker (${config.workerName}) holds no local data named ${name} (the task's ${part.replace('_', ' ')}); ` +
          'run it on a queue whose workers list it in WORKER_LOCAL_DATA',
      );
    }
    const isDir = await stat(folder).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      throw new RunFailure(
        'local_data_unavailable',
        `the local data ${name} of this worker (${config.workerName}) is not a readable folder`,
      );
    }
    out[part] = folder;
  }
  return out;
}
