import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { bigBoard } from './board-setup';
import { percentile, resultLine } from './stats';

/** A result ready to be reported: its run's token, as the worker holding the job would have it. */
interface Prepared {
  submissionId: string;
  runId: string;
  token: string;
  ownerId: string;
  scores: Record<string, number>;
}

interface Arrival {
  submissionId: string;
  /** When the result call answered (the result stored), and when the row was first seen on the board. */
  storedAt?: number;
  visibleAt?: number;
  failed?: boolean;
}

/**
 * Sustained result arrivals into one big board through the worker's result endpoint: 100k finished submissions from
 * 5k participants, Force_Best ranked by an average rank (every arrival moves rows and everyone's mean rank). Two
 * loads: results offered at a steady rate (BENCH_INGEST_RATE/s), then as fast as BENCH_INGEST_CLIENTS concurrent
 * workers can report them. Each result is better than all of its participant's earlier ones, so it becomes their
 * row: the lag is from the answer of the result call (stored) to the row on the board, watched in SQL every 10 ms.
 * Beside them, in the same run: the same rows inserted by raw SQL by as many clients, the database's floor.
 */
export async function ingest(): Promise<void> {
  const env = process.env;
  const api = (env.ARENA_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const databaseUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgresql://arena:arena@127.0.0.1:5432/arena';
  const submissions = Number(env.BENCH_SUBMISSIONS ?? 100_000);
  const participants = Number(env.BENCH_PARTICIPANTS ?? 5_000);
  const rate = Number(env.BENCH_INGEST_RATE ?? 60);
  const clients = Number(env.BENCH_INGEST_CLIENTS ?? 16);
  const seconds = Number(env.BENCH_SECONDS ?? 15);
  const pool = new Pool({ connectionString: databaseUrl, max: clients + 2 });
  const tmp = await mkdtemp(join(tmpdir(), 'arena-bench-ingest-'));
  try {
    const board = await bigBoard(api, pool, tmp, { submissions, participants, callers: 1 });
    for (const table of ['submissions', 'leaderboard_entries', 'runs']) {
      await pool.query(`VACUUM ANALYZE ${table}`);
    }
    const { rows } = await pool.query<{ task_id: string }>('SELECT task_ids[1] AS task_id FROM phases WHERE id = $1', [
      board.phaseId,
    ]);
    let next = 0;
    const prepare = (n: number) => {
      const batch = Array.from({ length: n }, () => arrival(next++, board.owners));
      return insertRuns(pool, board.competitionId, board.phaseId, rows[0].task_id, batch).then(() => batch);
    };
    const post = resultPoster(api, clients * 2);
    const loadBefore = load();
    const watch = new BoardWatch(databaseUrl, board.boardId, board.phaseId);
    await watch.start();
    const freshness = new FreshnessSampler(api, board.phaseId);
    try {
      // A few to warm up (JIT, prepared statements, caches), not counted.
      await runPaced(await prepare(20), 20, post, watch);
      await watch.drain(10_000);

      freshness.start();
      const paced = await runPaced(await prepare(Math.ceil(rate * seconds)), rate, post, watch);
      await watch.drain(30_000);
      const pacedFreshness = freshness.stop();
      const pacedSeconds = seconds;

      const pool2 = await prepare(Math.max(2000, clients * 200));
      const closed = await runClosed(pool2, clients, seconds, post, watch);
      await watch.drain(30_000);

      const sql = await rawInserts(pool, board, closed.done.length, clients);
      const machine = `${cpus().length} CPUs, load average ${loadBefore} before, ${load()} after`;
      console.log(`board of ${participants} entrants (${submissions} finished submissions), ${machine}:`);
      console.log(`  offered ${rate} results/s for ${pacedSeconds} s: ${describe(paced.done, paced.seconds)}`);
      console.log(`    board freshness read over HTTP meanwhile (every 100 ms): ${pacedFreshness}`);
      console.log(
        `  ${clients} workers reporting as fast as answered, ${seconds} s: ${describe(closed.done, closed.seconds)}`,
      );
      console.log(
        `  raw SQL: the same ${sql.rows} finished rows inserted by ${clients} clients: ${sql.perSecond.toFixed(1)} rows/s`,
      );
      const sustained = closed.done.filter((a) => a.storedAt).length / closed.seconds;
      const targets = `targets: >= 50 results/s, lag p99 < 1000 ms (paced: ${(paced.done.length / paced.seconds).toFixed(1)}/s, p99 ${lagP(paced.done, 99)})`;
      console.log(`  ${targets}`);
      console.log(resultLine('ingest', sustained, sql.perSecond, '/s'));
    } finally {
      await watch.stop();
    }
  } finally {
    await pool.end();
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The j-th arrival: better in each column than every seeded submission (scores in [0, 1], log loss in [0, 2]) and
 * every earlier arrival, so it always becomes its participant's row, near the top (every row below moves).
 */
function arrival(j: number, owners: string[]): Prepared {
  const token = randomBytes(32).toString('base64url');
  return {
    submissionId: randomUUID(),
    runId: randomUUID(),
    token,
    ownerId: owners[j % owners.length],
    scores: { accuracy: 1 + j * 1e-6, f1: 1 + j * 1e-6, logloss: -j * 1e-6 },
  };
}

/** Submissions running, each with one run whose token the bench holds, as dispatched jobs would be. */
async function insertRuns(
  pool: Pool,
  competitionId: string,
  phaseId: string,
  taskId: string,
  batch: Prepared[],
): Promise<void> {
  await pool.query(
    `INSERT INTO submissions (id, competition_id, phase_id, owner_id, status, file_key, file_size)
     SELECT unnest($3::uuid[]), $1, $2, unnest($4::uuid[]), 'running', 'bench/none.zip', 0`,
    [competitionId, phaseId, batch.map((b) => b.submissionId), batch.map((b) => b.ownerId)],
  );
  await pool.query(
    `INSERT INTO runs (id, submission_id, task_id, status, token_hash, queue, job, published_at)
     SELECT unnest($1::uuid[]), unnest($2::uuid[]), $3, 'running', unnest($4::text[]), 'bench.none', '{}', now()`,
    [batch.map((b) => b.runId), batch.map((b) => b.submissionId), taskId, batch.map((b) => hash(b.token))],
  );
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type Poster = (p: Prepared) => Promise<void>;

/** The worker's result call over a keep-alive pool. */
function resultPoster(api: string, sockets: number): Poster {
  const url = new URL(api);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return (p) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ version: 1, status: 'finished', scores: p.scores, exitCode: 0, elapsedMs: 1 });
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/api/worker/runs/${p.runId}/result`,
          agent,
          headers: {
            authorization: `Bearer ${p.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`result: HTTP ${res.statusCode}`)),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/** Reports each result at its time (i / rate seconds after the start), whether or not earlier ones answered. */
async function runPaced(
  batch: Prepared[],
  rate: number,
  post: Poster,
  watch: BoardWatch,
): Promise<{ done: Arrival[]; seconds: number }> {
  const start = performance.now();
  const done = await Promise.all(
    batch.map(async (p, i) => {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, wait));
      }
      return report(p, post, watch);
    }),
  );
  return { done, seconds: (performance.now() - start) / 1000 };
}

/** `clients` workers, each reporting its next result as soon as the previous one was answered, for `seconds`. */
async function runClosed(
  batch: Prepared[],
  clients: number,
  seconds: number,
  post: Poster,
  watch: BoardWatch,
): Promise<{ done: Arrival[]; seconds: number }> {
  const start = performance.now();
  const end = start + seconds * 1000;
  const done: Arrival[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end && i < batch.length) {
        done.push(await report(batch[i++], post, watch));
      }
    }),
  );
  if (i >= batch.length) {
    console.log(`  (the closed loop used every prepared result: raise the count)`);
  }
  return { done, seconds: (performance.now() - start) / 1000 };
}

async function report(p: Prepared, post: Poster, watch: BoardWatch): Promise<Arrival> {
  const a: Arrival = { submissionId: p.submissionId };
  watch.expect(a);
  try {
    await post(p);
    a.storedAt = performance.now();
  } catch {
    a.failed = true;
  }
  return a;
}

/**
 * One SQL session that looks every 10 ms for the rows of results reported and not yet seen on the board: when each
 * became visible to readers (the API serves the board from these rows, by version).
 */
class BoardWatch {
  private readonly client: Client;
  private readonly waiting = new Map<string, Arrival>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    databaseUrl: string,
    private readonly boardId: string,
    private readonly phaseId: string,
  ) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.timer = setInterval(() => void this.look(), 10);
  }

  expect(a: Arrival): void {
    this.waiting.set(a.submissionId, a);
  }

  /** Waits until every reported result is seen (or `ms` passed: those stay without visibleAt). */
  async drain(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while ([...this.waiting.values()].some((a) => !a.failed) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    this.waiting.clear();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.client.end();
  }

  private async look(): Promise<void> {
    if (this.busy || this.waiting.size === 0) {
      return;
    }
    this.busy = true;
    try {
      const ids = [...this.waiting.values()].filter((a) => a.storedAt).map((a) => a.submissionId);
      if (ids.length === 0) {
        return;
      }
      const { rows } = await this.client.query<{ submission_id: string }>(
        'SELECT submission_id FROM leaderboard_entries WHERE leaderboard_id = $1 AND phase_id = $2 AND submission_id = ANY($3::uuid[])',
        [this.boardId, this.phaseId, ids],
      );
      const now = performance.now();
      for (const r of rows) {
        const a = this.waiting.get(r.submission_id);
        if (a) {
          a.visibleAt = now;
        }
        this.waiting.delete(r.submission_id);
      }
    } finally {
      this.busy = false;
    }
  }
}

/** Reads the board's freshness over HTTP every 100 ms, as a visitor would: the most pending, the oldest pending. */
class FreshnessSampler {
  private timer?: NodeJS.Timeout;
  private maxPending = 0;
  private maxAgeMs = 0;
  private reads = 0;

  constructor(
    private readonly api: string,
    private readonly phaseId: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 100);
  }

  stop(): string {
    clearInterval(this.timer);
    return `${this.reads} reads, at most ${this.maxPending} results pending, the oldest ${this.maxAgeMs} ms old`;
  }

  private async sample(): Promise<void> {
    const res = await fetch(`${this.api}/api/phases/${this.phaseId}/leaderboards/main?limit=1`);
    const { freshness } = (await res.json()) as { freshness: { pending: number; pendingSince: string | null } };
    this.reads++;
    this.maxPending = Math.max(this.maxPending, freshness.pending);
    if (freshness.pendingSince) {
      this.maxAgeMs = Math.max(this.maxAgeMs, Date.now() - Date.parse(freshness.pendingSince));
    }
  }
}

/** The same number of finished rows inserted by raw SQL from `clients` sessions, one statement per row. */
async function rawInserts(
  pool: Pool,
  board: { competitionId: string; phaseId: string; owners: string[] },
  n: number,
  clients: number,
): Promise<{ rows: number; perSecond: number }> {
  const rows = Math.max(n, 100);
  let i = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (i < rows) {
        const a = arrival(i++, board.owners);
        await pool.query({
          name: 'bench-raw-insert',
          text: `INSERT INTO submissions (competition_id, phase_id, owner_id, status, file_key, file_size, scores, finished_at, notified_at)
                 VALUES ($1, $2, $3, 'finished', 'bench/none.zip', 0, $4, now(), now())`,
          values: [board.competitionId, board.phaseId, a.ownerId, JSON.stringify(a.scores)],
        });
      }
    }),
  );
  return { rows, perSecond: rows / ((performance.now() - start) / 1000) };
}

function lagP(done: Arrival[], p: number): string {
  const lags = done.filter((a) => a.storedAt && a.visibleAt).map((a) => a.visibleAt! - a.storedAt!);
  return lags.length ? `${percentile(lags, p).toFixed(0)} ms` : 'n/a';
}

function describe(done: Arrival[], seconds: number): string {
  const stored = done.filter((a) => a.storedAt).length;
  const failed = done.filter((a) => a.failed).length;
  const unseen = done.filter((a) => a.storedAt && !a.visibleAt).length;
  return (
    `${stored} stored (${(stored / seconds).toFixed(1)}/s), ${failed} failed, ${unseen} never seen on the board; ` +
    `lag stored -> on the board p50 ${lagP(done, 50)}, p99 ${lagP(done, 99)}, max ${lagP(done, 100)}`
  );
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
