import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import { Client } from 'pg';
import { ApiSession } from './api-session';
import { EXAMPLE } from './raw-docker';
import { percentile, resultLine } from './stats';

/** How long PostgreSQL may keep a backend's counters before publishing them (PGSTAT_IDLE_INTERVAL, 10 s). */
const STATS_SETTLE_MS = 11_000;

interface RunFigures {
  /** Print -> received by a follower, every line of every follower (ms). */
  latencies: number[];
  /** Print -> stored in run_log_chunks (the worker's part), every line once (ms). */
  stored: number[];
  lines: number;
  /** The API database's transactions over the whole run, settled (connecting the followers included). */
  transactions: number;
  /** While the program printed and every follower was connected: transactions and live-log table scans per second. */
  streaming: { seconds: number; transactionsPerSecond: number; logReadsPerSecond: number };
}

/**
 * Live logs of a running program to many followers: a scoring program prints a timestamped line every
 * BENCH_LOG_INTERVAL_MS for BENCH_LOG_LINES lines, in a container run by the worker (the platform must run one, as
 * README command 1 starts it), and BENCH_FOLLOWERS clients follow it over server-sent events. Measured: line-to-client
 * latency (the printed time against the client's clock: one machine), beside print-to-stored (the worker's part), and
 * what following costs the database: transactions and live-log reads per second, with 1 follower and with all of them
 * (PostgreSQL's own counters, read once they settled).
 */
export async function logs(): Promise<void> {
  const env = process.env;
  const api = (env.ARENA_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const databaseUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgresql://arena:arena@127.0.0.1:5432/arena';
  const followers = Number(env.BENCH_FOLLOWERS ?? 200);
  const lines = Number(env.BENCH_LOG_LINES ?? 600);
  const intervalMs = Number(env.BENCH_LOG_INTERVAL_MS ?? 50);
  const tmp = await mkdtemp(join(tmpdir(), 'arena-bench-logs-'));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { participant, phaseId, results } = await competition(api, tmp, lines, intervalMs);
    const loadBefore = load();
    const program = { lines, intervalMs };
    const one = await followedRun(api, db, participant, phaseId, results, 1, program);
    const many = await followedRun(api, db, participant, phaseId, results, followers, program);
    const p = (xs: number[], n: number) => `${percentile(xs, n).toFixed(0)} ms`;
    console.log(
      `a program printing ${lines} lines, one every ${intervalMs} ms; ${cpus().length} CPUs, load average ${loadBefore} before, ${load()} after:`,
    );
    for (const [n, r] of [
      [1, one],
      [followers, many],
    ] as const) {
      const { streaming: w } = r;
      console.log(
        `  ${String(n).padStart(3)} follower(s): ${r.latencies.length} of ${r.lines * n} lines received; print -> client p50 ${p(r.latencies, 50)}, ` +
          `p95 ${p(r.latencies, 95)}, p99 ${p(r.latencies, 99)}; print -> stored p50 ${p(r.stored, 50)}, p95 ${p(r.stored, 95)}`,
      );
      console.log(
        `      database while streaming (${w.seconds.toFixed(1)} s): ${w.transactionsPerSecond.toFixed(1)} transactions/s, ` +
          `${w.logReadsPerSecond.toFixed(1)} live-log reads/s; the whole run: ${r.transactions} transactions`,
      );
    }
    const streaming = many.streaming.transactionsPerSecond - one.streaming.transactionsPerSecond;
    const joining = (many.transactions - one.transactions) / (followers - 1);
    console.log(
      `  ${followers - 1} more followers: ${streaming.toFixed(1)} transactions/s more while streaming (polling each every 500 ms: ` +
        `${((followers - 1) * 4).toFixed(0)}/s), ${joining.toFixed(1)} transactions each to connect (sign-in, access checks, what was printed before)`,
    );
    console.log(`  target: print -> client p95 < 500 ms`);
    console.log(resultLine('logs', percentile(many.latencies, 95), percentile(many.stored, 95), 'ms'));
  } finally {
    await db.end();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The example competition with a scoring program that prints timestamped lines (then scores the submission). */
async function competition(api: string, tmp: string, lines: number, intervalMs: number) {
  const stamp = Date.now().toString(36);
  const organizer = await ApiSession.signUp(api, `bench-logs-org-${stamp}`);
  const participant = await ApiSession.signUp(api, `bench-logs-user-${stamp}`);
  const dir = join(tmp, 'bundle');
  await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
  await writeFile(
    join(dir, 'scoring_program', 'score.py'),
    `import json, os, sys, time
for i in range(${lines}):
    print("T=%.1f line %d" % (time.time() * 1000, i), flush=True)
    time.sleep(${intervalMs / 1000})
with open(os.path.join(sys.argv[2], "scores.json"), "w") as f:
    json.dump({"accuracy": 1, "f1": 1}, f)
`,
  );
  const bundle = join(tmp, 'bundle.zip');
  await zipDirectory(dir, createWriteStream(bundle));
  const created = await organizer.upload('/api/competitions', 'bundle', bundle);
  // New uploads are drafts: the participant needs it public.
  await organizer.call('PUT', `/api/competitions/${created.id}/visibility`, { visibility: 'public' });
  await participant.call('POST', `/api/competitions/${created.id}/participation`, { acceptTerms: true });
  const results = join(tmp, 'results.zip');
  await zipDirectory(join(EXAMPLE, 'submission'), createWriteStream(results));
  return { participant, phaseId: created.phases[0].id as string, results };
}

/** One submission of the program followed by `n` clients from before it starts until its end. */
async function followedRun(
  api: string,
  db: Client,
  participant: ApiSession,
  phaseId: string,
  results: string,
  n: number,
  { lines, intervalMs }: { lines: number; intervalMs: number },
): Promise<RunFigures> {
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  const before = await counters(db);
  const submission = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
  const agent = new Agent({ keepAlive: false, maxSockets: n + 1 });
  const started = deferred<number>();
  let receiving = 0;
  const firstLine = (printedAt: number) => {
    if (++receiving === n) {
      started.resolve(printedAt);
    }
  };
  const following = Promise.all(
    Array.from({ length: n }, () => follow(api, participant, submission.id, agent, firstLine)),
  );
  // The steady part: from when the counters of connecting every follower were published (a backend that went idle
  // publishes its own within STATS_SETTLE_MS) until 2 s before the program's last line.
  const streaming = started.promise.then(async (printedAt) => {
    const end = printedAt + lines * intervalMs - 2000;
    await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
    const a = { ...(await counters(db)), at: performance.now() };
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
    const b = { ...(await counters(db)), at: performance.now() };
    const seconds = (b.at - a.at) / 1000;
    return {
      seconds,
      transactionsPerSecond: (b.transactions - a.transactions) / seconds,
      logReadsPerSecond: (b.logReads - a.logReads) / seconds,
    };
  });
  const followed = await following;
  agent.destroy();
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  const after = await counters(db);
  const { rows } = await db.query<{ data: string; at: string }>(
    `SELECT c.data, (extract(epoch FROM c.created_at) * 1000)::float8::text AS at
       FROM run_log_chunks c JOIN runs r ON r.id = c.run_id WHERE r.submission_id = $1 AND c.stream = 'stdout'`,
    [submission.id],
  );
  const stored = rows.flatMap((c) => printedTimes(c.data).map((t) => Number(c.at) - t));
  const status = followed.find((f) => f.status)?.status;
  if (status !== 'finished') {
    throw new Error(`the run ended ${status ?? 'without an end event'}: is a worker running?`);
  }
  return {
    latencies: followed.flatMap((f) => f.latencies),
    stored,
    lines: stored.length,
    transactions: after.transactions - before.transactions,
    streaming: await streaming,
  };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function counters(db: Client): Promise<{ transactions: number; logReads: number }> {
  const { rows } = await db.query<{ transactions: string; log_reads: string }>(
    `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())::text AS transactions,
            (SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'run_log_chunks')::text AS log_reads`,
  );
  return { transactions: Number(rows[0].transactions), logReads: Number(rows[0].log_reads) };
}

function printedTimes(text: string): number[] {
  return [...text.matchAll(/^T=([\d.]+) line \d+$/gm)].map((m) => Number(m[1]));
}

/** One follower: server-sent events until `end`; each stdout line's latency as it arrives. */
function follow(
  api: string,
  participant: ApiSession,
  submissionId: string,
  agent: Agent,
  firstLine: (printedAt: number) => void,
): Promise<{ latencies: number[]; status?: string }> {
  const url = new URL(`${api}/api/submissions/${submissionId}/logs/live`);
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let pending = '';
    let partial = '';
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        agent,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${participant.token}` },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`live logs: HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const now = Date.now();
          pending += chunk;
          let cut: number;
          while ((cut = pending.indexOf('\n\n')) >= 0) {
            const block = pending.slice(0, cut);
            pending = pending.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as {
              stream?: string;
              text?: string;
              status?: string;
            };
            if (event === 'end') {
              req.destroy();
              resolve({ latencies, status: data.status });
              return;
            }
            if (event === 'log' && data.stream === 'stdout') {
              const text = partial + (data.text ?? '');
              const complete = text.slice(0, text.lastIndexOf('\n') + 1);
              partial = text.slice(complete.length);
              for (const t of printedTimes(complete)) {
                if (latencies.length === 0) {
                  firstLine(t);
                }
                latencies.push(now - t);
              }
            }
          }
        });
        res.on('end', () => resolve({ latencies }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
