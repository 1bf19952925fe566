import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT = repositoryRoot();

/** The built API as its own process, so that its memory is its own: VmHWM (peak RSS) is read from /proc. */
export interface ApiUnderTest {
  url: string;
  pid: number;
  /** Starts a new peak: VmHWM is reset (clear_refs 5) and VmRSS sampled every 50 ms as well, where that is refused. */
  startPeak(): void;
  /** Peak resident memory since startPeak, in MB. */
  peakMb(): Promise<number>;
  /** Resident memory now, in MB. */
  rssMb(): Promise<number>;
  /** CPU time the process used so far (user and system), in seconds. */
  cpuSeconds(): Promise<number>;
  /** What the API logged about imports (when each step ended) since the last call. */
  importLog(): string[];
  output(): string;
  stop(): Promise<void>;
}

export function apiMain(): string {
  return resolve(process.env.BENCH_API_MAIN ?? `${ROOT}/dist/apps/api/main.js`);
}

export async function startApi(env: Record<string, string>): Promise<ApiUnderTest> {
  const main = apiMain();
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: npm run build first (or set BENCH_API_MAIN)`);
  }
  const port = await freePort();
  // BENCH_API_NODE_OPTIONS: e.g. --cpu-prof --cpu-prof-dir=/tmp/prof, to see where an import spends its time.
  const nodeArgs = (process.env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    env: { ...process.env, LOG_LEVEL: 'log', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  let imports: string[] = [];
  const keep = (d: Buffer) => {
    printed = (printed + d.toString()).slice(-20_000);
    for (const line of d.toString().split('\n')) {
      const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
      if (plain.includes('BundleImportService')) {
        imports.push(plain.replace(/^.*BundleImportService\]\s*/, ''));
      }
      // A zip check that could not run in its worker thread (and ran in the API's thread instead) says so here.
      else if (plain.includes('zip check in a worker thread failed')) {
        imports.push(plain);
      }
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  // A loaded machine (other suites, the store) has taken more than a minute to start the API.
  const startSeconds = Number(process.env.BENCH_API_START_SECONDS ?? 240);
  const deadline = Date.now() + startSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the API exited at start:\n${printed}`);
    }
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer within ${startSeconds} s:\n${printed}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  let sampled = 0;
  let sampler: NodeJS.Timeout | undefined;
  const status = async (field: string): Promise<number> => {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) / 1024;
  };
  return {
    url,
    pid,
    startPeak() {
      void writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
      sampled = 0;
      clearInterval(sampler);
      sampler = setInterval(
        () =>
          void status('VmRSS').then(
            (mb) => (sampled = Math.max(sampled, mb)),
            () => undefined,
          ),
        50,
      );
    },
    async peakMb() {
      clearInterval(sampler);
      return Math.max(sampled, await status('VmHWM'));
    },
    rssMb: () => status('VmRSS'),
    async cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat (counted after the command name in parentheses): utime and stime, in ticks.
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    importLog() {
      const out = imports;
      imports = [];
      return out;
    },
    output: () => printed,
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A database of the bench's own, migrated with the API build's migrations; dropped by the returned function. */
export async function benchDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dataSource = resolve(apiMain(), '../data-source.js');
  await run(process.execPath, [require.resolve('typeorm/cli.js'), 'migration:run', '-d', dataSource], {
    env: { ...process.env, DATABASE_URL: url },
  });
  const drop = async (): Promise<void> => {
    // FORCE cannot end another role's session (autovacuum working on the fresh tables): wait for it instead.
    for (let attempt = 0; ; attempt++) {
      try {
        return await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (e) {
        if (attempt >= 20) {
          throw e;
        }
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  };
  return { url, drop };
}

/** The repository: the nearest folder above this build that holds package.json (dist/bench, or another dist folder). */
export function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'package.json')) && resolve(dir, '..') !== dir) {
    dir = resolve(dir, '..');
  }
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => res(port));
    });
  });
}
