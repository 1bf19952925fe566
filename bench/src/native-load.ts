import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NativeLoad {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Whether the C load generators are installed (Debian: wrk, postgresql-client's pgbench). */
export async function nativeLoadAvailable(): Promise<boolean> {
  try {
    await run('wrk', ['--version']).catch((e: { stdout?: string }) => {
      if (!String(e.stdout ?? '').includes('wrk')) {
        throw e;
      }
    });
    await run('pgbench', ['--version']);
    return true;
  } catch {
    return false;
  }
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) {
    throw new Error(`unreadable wrk latency ${value}`);
  }
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2] as 'us' | 'ms' | 's'];
}

/**
 * `wrk` with `clients` connections for `seconds`: a load generator that takes little CPU from the API it measures.
 * `script` is a Lua file for wrk's -s (e.g. one that varies a header per request).
 */
export async function wrkLoad(
  url: string,
  clients: number,
  seconds: number,
  headers: Record<string, string> = {},
  script?: string,
): Promise<NativeLoad> {
  const lua = script ? ['-s', script] : [];
  const args = [
    '-t2',
    `-c${clients}`,
    `-d${seconds}s`,
    '--latency',
    ...lua,
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return {
    requests,
    errors,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
    p50Ms: toMs(/ 50%\s+(\S+)/.exec(stdout)?.[1] ?? '0ms'),
    p99Ms: toMs(/ 99%\s+(\S+)/.exec(stdout)?.[1] ?? '0ms'),
  };
}

/** `pgbench` running one SQL statement with `clients` connections for `seconds`, latencies from its per-transaction log. */
export async function pgbenchLoad(
  databaseUrl: string,
  sql: string,
  clients: number,
  seconds: number,
  tmp: string,
): Promise<NativeLoad> {
  const script = join(tmp, `pgbench-${Date.now()}.sql`);
  await writeFile(script, `${sql.replace(/\s+/g, ' ').trim()};\n`);
  const prefix = join(tmp, `pgbench-log-${Date.now()}`);
  await run(
    'pgbench',
    [
      '-n',
      `-c${clients}`,
      '-j2',
      `-T${seconds}`,
      '-M',
      'prepared',
      '-f',
      script,
      '-l',
      `--log-prefix=${prefix}`,
      databaseUrl,
    ],
    {
      maxBuffer: 1 << 20,
    },
  );
  const latencies: number[] = [];
  const dir = join(prefix, '..');
  const base = prefix.split('/').pop()!;
  for (const name of (await readdir(dir)).filter((f) => f.startsWith(base))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 3) {
        latencies.push(Number(fields[2]) / 1000);
      }
    }
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? 0;
  return { requests: latencies.length, errors: 0, rps: latencies.length / seconds, p50Ms: at(50), p99Ms: at(99) };
}

/** A wrk script whose connections each wait `ms` after an answer before their next request: clients polling. */
export async function pacedConnections(ms: number, tmp: string): Promise<string> {
  const file = join(tmp, `wrk-paced-${ms}-${Date.now()}.lua`);
  await writeFile(file, `function delay()\n  return ${ms}\nend\n`);
  return file;
}

/** A wrk script that sends each request with the next of these bearer tokens: many callers, not one. */
export async function rotatingTokens(tokens: string[], tmp: string): Promise<string> {
  const file = join(tmp, `wrk-tokens-${Date.now()}.lua`);
  const list = tokens.map((t) => JSON.stringify(t)).join(', ');
  await writeFile(
    file,
    `local tokens = { ${list} }\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(nil, nil, { authorization = "Bearer " .. tokens[(i % #tokens) + 1] })\nend\n`,
  );
  return file;
}

export function describeNative(r: NativeLoad): string {
  return `requests=${r.requests} errors=${r.errors} rps=${r.rps.toFixed(0)} p50=${r.p50Ms.toFixed(2)}ms p99=${r.p99Ms.toFixed(2)}ms`;
}
