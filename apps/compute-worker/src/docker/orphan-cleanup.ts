import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Logger } from '@worker/logger';

export const WORKER_LABEL = 'arena.worker';
export const RUN_LABEL = 'arena.run';

/**
 * After a crash, this worker's containers may still run and its run folders remain. Nothing else can own them
 * (the name is this worker's), so they are removed before the first job.
 */
export async function cleanupOrphans(
  docker: Docker,
  workerName: string,
  runsDir: string,
  logger: Logger,
): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${WORKER_LABEL}=${workerName}`] } });
  for (const c of containers) {
    logger.warn({ container: c.Id.slice(0, 12), runId: c.Labels[RUN_LABEL] }, 'removing an orphan container');
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch((e: Error) => logger.warn({ err: e.message }, 'could not remove an orphan container'));
  }
  let entries: string[] = [];
  try {
    entries = await readdir(runsDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw e;
    }
  }
  for (const name of entries) {
    logger.warn({ dir: name }, 'removing an orphan run folder');
    await rm(join(runsDir, name), { recursive: true, force: true });
  }
}
