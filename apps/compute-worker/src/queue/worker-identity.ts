import { hostname } from 'node:os';
import type { WorkerConfig } from '@worker/config';

export const WORKER_VERSION = '0.1.0';

/** The AMQP client property the worker announces itself in; the API's worker list reads it. */
export const WORKER_IDENTITY_PROPERTY = 'arena_worker';

/** What queue owners see of a worker: never paths or secrets, only names and capabilities. */
export function workerIdentity(config: WorkerConfig): Record<string, string> {
  const gpus = config.gpus.kind === 'devices' ? config.gpus.ids.join(',') : config.gpus.kind;
  return {
    name: config.workerName,
    version: WORKER_VERSION,
    hostname: hostname(),
    gpus,
    local_data: Object.keys(config.localData).join(','),
    labels: Object.entries(config.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  };
}
