import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Docker from 'dockerode';

const MAIN = resolve(__dirname, '../../../../dist/apps/compute-worker/main.js');

/**
 * The built worker as its own OS process, so a test can kill -9 or SIGSTOP it like a crash or a hang. With `netns`
 * it runs in that network namespace (`ip netns exec` execs it: the child's pid is the worker's).
 */
export function spawnWorker(env: Record<string, string>, options: { netns?: string } = {}): ChildProcess {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: build first (npx nx run compute-worker:build)`);
  }
  const [cmd, args]: [string, string[]] = options.netns
    ? ['ip', ['netns', 'exec', options.netns, process.execPath, MAIN]]
    : [process.execPath, [MAIN]];
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

/** Containers a killed worker left behind; a restarted worker would remove them itself at start. */
export async function removeContainersOf(workerName: string): Promise<void> {
  const docker = new Docker();
  const left = await docker.listContainers({ all: true, filters: { label: [`arena.worker=${workerName}`] } });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
