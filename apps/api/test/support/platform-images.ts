import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(__dirname, '../../../..');
const exec = promisify(execFile);

/** Runs a command from the repository root; rejects with its output when it fails. */
export async function sh(
  cmd: string,
  args: string[],
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<string> {
  try {
    const { stdout } = await exec(cmd, args, {
      cwd: ROOT,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/** `docker inspect` of one container, or undefined when there is none by that name. */
export async function inspectContainer(name: string): Promise<any> {
  const out = await sh('docker', ['inspect', name]).catch(() => undefined);
  return out ? JSON.parse(out)[0] : undefined;
}

/** Builds arena/api and arena/worker offline (deploy/build-app-images.sh); returns the seconds it took. */
export async function buildPlatformImages(): Promise<number> {
  const t0 = Date.now();
  await sh('bash', ['deploy/build-app-images.sh'], 14 * 60_000);
  return (Date.now() - t0) / 1000;
}

/**
 * The README's `docker run` lines of a section, as one line each (continuations joined), from the ```bash blocks
 * that follow the heading.
 */
export function readmeDockerRunLines(heading: string): string[] {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) {
    throw new Error(`README has no section "${heading}"`);
  }
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((m) => m[1].replace(/\\\n\s*/g, '').trim())
    .filter((line) => line.startsWith('docker run '));
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => res(port));
    });
  });
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Builds the local stand-ins for the registry images deploy/docker-compose.yml names (postgres, rabbitmq, minio)
 * from Debian packages (deploy/build-service-images.sh: the packages layer only when missing); returns the seconds.
 */
export async function buildServiceImages(): Promise<number> {
  const t0 = Date.now();
  await sh('bash', ['deploy/build-service-images.sh'], 30 * 60_000);
  return (Date.now() - t0) / 1000;
}

/** Compose v2 (`docker compose`) where the plugin is installed, else v1 (`docker-compose`, Debian's). */
export async function composeCommand(): Promise<string[]> {
  const v2 = await sh('docker', ['compose', 'version']).then(
    () => true,
    () => false,
  );
  return v2 ? ['docker', 'compose'] : ['docker-compose'];
}
