import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  describeNative,
  type NativeLoad,
  nativeLoadAvailable,
  pacedConnections,
  pgbenchLoad,
  rotatingTokens,
  wrkLoad,
} from './native-load';
import { bigBoard } from './board-setup';
import { closedLoop, httpGetter, type LoadResult, rawQuery } from './leaderboard-load';
import { percentile, resultLine } from './stats';

// The rows the API serves for "top 100" (its cache-miss query), and for "my rank" (the caller's team row, else their
// own): the same reads without the API, as named prepared statements like the API's (LeaderboardReadRepository).
const ROW_SELECT = `SELECT e.rank, e.position, e.submission_id, e.submitted_at, e.scores,
    COALESCE(t.name, u.username) AS participant, u.username AS submitter, t.name AS team, s.fact_sheet
  FROM leaderboard_entries e LEFT JOIN submissions s ON s.id = e.submission_id
  LEFT JOIN users u ON u.id = s.owner_id LEFT JOIN teams t ON t.id = s.team_id`;
const TOP_SQL = `${ROW_SELECT}
  WHERE e.leaderboard_id = $1 AND e.phase_id = $2 AND e.position BETWEEN 1 AND 100 ORDER BY e.position`;
const ME_SQL = `WITH me AS MATERIALIZED
    (SELECT position AS p FROM leaderboard_entries
      WHERE leaderboard_id = $1 AND phase_id = $2
        AND entrant_id IN ($4::uuid, (SELECT team_id FROM team_members
                                       WHERE competition_id = $3 AND user_id = $4::uuid AND status = 'member'))
      ORDER BY entrant_id = $4::uuid, position LIMIT 1)
  ${ROW_SELECT.replace('SELECT ', 'SELECT (SELECT p FROM me) AS mine, ')}
   WHERE e.leaderboard_id = $1 AND e.phase_id = $2
     AND e.position BETWEEN (SELECT p FROM me) - 5 AND (SELECT p FROM me) + 5
   ORDER BY e.position`;

/**
 * Leaderboard reads at 100k submissions from 5k participants, through HTTP with 50 concurrent clients, beside a raw
 * SQL read of the same rows (pg Pool, same concurrency) in the same run. Seeding goes straight into PostgreSQL.
 */
export async function leaderboard(): Promise<void> {
  const env = process.env;
  const api = (env.ARENA_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const databaseUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgresql://arena:arena@127.0.0.1:5432/arena';
  const submissions = Number(env.BENCH_SUBMISSIONS ?? 100_000);
  const participants = Number(env.BENCH_PARTICIPANTS ?? 5_000);
  const clients = Number(env.BENCH_CLIENTS ?? 50);
  const seconds = Number(env.BENCH_SECONDS ?? 10);
  const pool = new Pool({ connectionString: databaseUrl, max: clients });
  const tmp = await mkdtemp(join(tmpdir(), 'arena-bench-lb-'));
  try {
    // Callers of "my rank" need tokens: they sign up through the API; the other participants are inserted.
    const board = await bigBoard(api, pool, tmp, { submissions, participants, callers: clients });
    const { phaseId, boardId, callers } = board;
    const competition = { id: board.competitionId };
    const callerIds = callers.map((c) => c.id);
    const get = httpGetter(api, clients);
    const top = `/api/phases/${phaseId}/leaderboards/main?limit=100`;
    const me = `/api/phases/${phaseId}/leaderboards/main/me?neighbours=5`;
    await get(top); // the first read fills the cache, as the first visitor after a change would
    const arrivals = Number(env.BENCH_ARRIVALS ?? 20);
    const arrivalsThenColdReads = () =>
      arrivalsAndColdReads(api, pool, competition.id, phaseId, callers, { get, top, me }, arrivals);

    if (env.BENCH_LOAD !== 'node' && (await nativeLoadAvailable())) {
      // wrk and pgbench are C programs: the load generator then takes little of the 2 CPUs it shares with the API.
      const literal = (sql: string, values: string[]) =>
        sql.replace(/\$(\d)/g, (_, n: string) => `'${values[Number(n) - 1]}'`);
      // Steady state: autovacuum would otherwise process the 100k seeded rows in the middle of a measurement, and
      // the API's first seconds include JIT warm-up.
      for (const table of ['submissions', 'leaderboard_entries', 'runs']) {
        await pool.query(`VACUUM ANALYZE ${table}`);
      }
      // Each endpoint is warmed up as it is then measured (the same clients for 3 s): a first burst of every caller at
      // once is a cold start, not the steady state this measures.
      const everyCaller = await rotatingTokens(
        callers.map((c) => c.token),
        tmp,
      );
      await wrkLoad(api + top, clients, 3);
      await wrkLoad(api + me, clients, 3, {}, everyCaller);
      const loadBefore = load();
      const native: [string, NativeLoad][] = [
        ['HTTP  GET top 100 (wrk)     ', await wrkLoad(api + top, clients, seconds)],
        [
          'SQL   top 100     (pgbench) ',
          await pgbenchLoad(databaseUrl, literal(TOP_SQL, [boardId, phaseId]), clients, seconds, tmp),
        ],
        // Every caller in turn: one caller alone would measure an answer cached for them.
        ['HTTP  GET my rank (wrk)     ', await wrkLoad(api + me, clients, seconds, {}, everyCaller)],
        [
          'SQL   my rank     (pgbench) ',
          await pgbenchLoad(
            databaseUrl,
            literal(ME_SQL, [boardId, phaseId, competition.id, callerIds[0]]),
            clients,
            seconds,
            tmp,
          ),
        ],
      ];
      console.log(
        `${clients} concurrent clients, ${seconds} s each; ${cpus().length} CPUs, load average ${loadBefore} before, ${load()} after:`,
      );
      for (const [name, r] of native) {
        console.log(`  ${name} ${describeNative(r)}`);
      }
      // Many more open connections than CPUs (FAULTS.md: >= 1,000 req/s at p99 <= 100 ms with 200 connections), each
      // polling: it waits 20 ms after an answer. Without that wait, 200 closed loops keep the one Node thread
      // saturated, and the p99 measures the queue (a bare Node server that spends 35 us per request shows the same).
      const wide = Number(env.BENCH_WIDE_CLIENTS ?? 200);
      const paced = await wrkLoad(api + top, wide, seconds, {}, await pacedConnections(20, tmp));
      console.log(`  HTTP  GET top 100 (wrk), ${wide} connections polling every 20 ms: ${describeNative(paced)}`);
      await arrivalsThenColdReads();
      console.log(resultLine('leaderboard', native[0][1].p99Ms, native[1][1].p99Ms, 'ms'));
      return;
    }

    const loadBefore = load();
    const loop = (call: (client: number) => Promise<unknown>) =>
      closedLoop(clients, seconds, async (i) => void (await call(i)));
    const runs: [string, LoadResult][] = [
      ['HTTP  GET top 100', await loop(() => get(top))],
      ['SQL   top 100    ', await loop(() => rawQuery(pool, 'top', TOP_SQL, [boardId, phaseId]))],
      ['HTTP  GET my rank', await loop((i) => get(me, callers[i].token))],
      [
        'SQL   my rank    ',
        await loop((i) => rawQuery(pool, 'me', ME_SQL, [boardId, phaseId, competition.id, callerIds[i]])),
      ],
    ];
    // The client, the API and PostgreSQL share this machine: its load says how far the figures can be trusted.
    const machine = `${cpus().length} CPUs, load average ${loadBefore} before, ${load()} after`;
    console.log(`${clients} concurrent clients, ${seconds} s each; ${machine}:`);
    for (const [name, r] of runs) {
      console.log(`  ${name}  ${describe(r)}`);
    }
    await arrivalsThenColdReads();
    const [http, sql] = runs;
    console.log(resultLine('leaderboard', percentile(http[1].latencies, 99), percentile(sql[1].latencies, 99), 'ms'));
  } finally {
    await pool.end();
    await rm(tmp, { recursive: true, force: true });
  }
}

function ms(value: number): string {
  return `${value.toFixed(2)}ms`;
}

/**
 * Scores arriving one at a time; after each (a new board version: nothing cached for it yet), the first read of the
 * top 100 and of a caller's rank, as the first visitor after a change waits for them.
 */
async function arrivalsAndColdReads(
  api: string,
  pool: Pool,
  competitionId: string,
  phaseId: string,
  callers: { id: string; token: string }[],
  reads: { get: (path: string, token?: string) => Promise<number>; top: string; me: string },
  n: number,
): Promise<void> {
  const { get, top, me } = reads;
  const coldTop: number[] = [];
  const coldMe: number[] = [];
  const timed = async (into: number[], read: () => Promise<unknown>) => {
    const t0 = performance.now();
    await read();
    into.push(performance.now() - t0);
  };
  const owners = callers.map((c) => c.id);
  const version = async () =>
    (
      await pool.query<{ v: string }>('SELECT sum(version)::text AS v FROM leaderboard_versions WHERE phase_id = $1', [
        phaseId,
      ])
    ).rows[0].v;
  let changed = 0;
  let last = await version();
  const { stored, onBoard } = await scoreArrivals(api, pool, competitionId, phaseId, owners, n, async (i) => {
    const now = await version();
    if (now !== last) {
      changed++;
    }
    last = now;
    await timed(coldTop, () => get(top));
    await timed(coldMe, () => get(me, callers[(i + 1) % callers.length].token));
  });
  const line = (xs: number[]) => `n=${xs.length} p50=${ms(percentile(xs, 50))} p99=${ms(percentile(xs, 99))}`;
  console.log(`  score arrival, sequential: worker's result call (result stored) ${line(stored)}`);
  console.log(
    `  score arrival, sequential: result call to every board updated (${changed} of ${n} changed the board) ${line(onBoard)}`,
  );
  console.log(`  first read after each arrival (cold cache): top 100 ${line(coldTop)}; my rank ${line(coldMe)}`);
}

/**
 * Latency of the worker's result call for new submissions on the full board (the result stored), and until the
 * board (5k rows, average rank) took it in, which the API does after answering. Runs are inserted with a known
 * token, as a worker would hold one.
 */
async function scoreArrivals(
  api: string,
  pool: Pool,
  competitionId: string,
  phaseId: string,
  owners: string[],
  n: number,
  after: (i: number) => Promise<void>,
): Promise<{ stored: number[]; onBoard: number[] }> {
  const { rows } = await pool.query<{ task_id: string }>('SELECT task_ids[1] AS task_id FROM phases WHERE id = $1', [
    phaseId,
  ]);
  const stored: number[] = [];
  const onBoard: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest('hex');
    const sub = await pool.query<{ id: string }>(
      `INSERT INTO submissions (competition_id, phase_id, owner_id, status, file_key, file_size)
       VALUES ($1, $2, $3, 'running', 'bench/none.zip', 0) RETURNING id`,
      [competitionId, phaseId, owners[i % owners.length]],
    );
    const run = await pool.query<{ id: string }>(
      `INSERT INTO runs (submission_id, task_id, status, token_hash, queue, job, published_at)
       VALUES ($1, $2, 'queued', $3, 'bench.none', '{}', now()) RETURNING id`,
      [sub.rows[0].id, rows[0].task_id, hash],
    );
    // Near the top of every column: the participant's best submission so far, so the board changes each time (a
    // row moves up and the rows it passes move down), as when a participant improves.
    const scores = { accuracy: 1 - Math.random() * 1e-3, f1: 1 - Math.random() * 1e-3, logloss: Math.random() * 1e-3 };
    const t0 = performance.now();
    const res = await fetch(`${api}/api/worker/runs/${run.rows[0].id}/result`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, status: 'finished', scores, exitCode: 0, elapsedMs: 1 }),
    });
    await res.text();
    if (!res.ok) {
      throw new Error(`result: HTTP ${res.status}`);
    }
    stored.push(performance.now() - t0);
    const waiting = () => pool.query('SELECT 1 FROM leaderboard_arrivals WHERE submission_id = $1', [sub.rows[0].id]);
    while ((await waiting()).rowCount) {
      await new Promise((r) => setTimeout(r, 2));
    }
    onBoard.push(performance.now() - t0);
    await after(i);
  }
  return { stored, onBoard };
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function describe(r: LoadResult): string {
  const rps = r.latencies.length / r.seconds;
  const p = (n: number) => ms(percentile(r.latencies, n));
  return `requests=${r.latencies.length} errors=${r.errors} rps=${rps.toFixed(0)} p50=${p(50)} p99=${p(99)}`;
}
