import { type ChildProcess, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { createVirtualHosts, netnsUnavailable, type VirtualHosts } from '../support/netns-hosts';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { removeContainersOf, spawnWorker } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const BURST = 8;
const LEASE_SEC = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Root and iproute2 are all it takes (deploy/install.sh installs iproute2); a machine without them says so.
const unavailable = netnsUnavailable();

/**
 * Workers on other hosts: the API runs in the root namespace ("the server host", with PostgreSQL and RabbitMQ on its
 * loopback), two workers each in a network namespace of their own. They reach the API and the broker only through
 * their veth link, at the server host's address (the broker's port is forwarded there), with an organizer queue's
 * credentials, and share no folder with the API: files go over HTTP, each worker has its own work folder.
 */
describe.skipIf(unavailable)(
  `workers on other hosts (network namespaces)${unavailable ? `: ${unavailable}` : ''}`,
  () => {
    let net: VirtualHosts;
    let db: TestDatabase;
    let api: TestApi;
    const tmps: string[] = [];
    let organizer: HttpClient;
    let queueId: string;
    let brokerUrl: string;
    const workers: { name: string; child: ChildProcess }[] = [];

    const newTmp = async (what: string) => {
      const t = await mkdtemp(join(tmpdir(), `arena-multihost-${what}-`));
      tmps.push(t);
      return t;
    };

    async function competition(dir: string): Promise<string> {
      const c = (await organizer.upload('/api/competitions', 'bundle', await zipFolder(dir, `${dir}.zip`))).body;
      await organizer.publish(c.id);
      expect((await organizer.json('PUT', `/api/competitions/${c.id}/queue`, { queueId })).status).toBe(204);
      return c.id;
    }

    /** One participant per submission: the board keeps each entrant's last one, so each must show up once. */
    async function submitAs(competitionId: string, phaseId: string, results: string): Promise<string> {
      const p = await new HttpClient(api.url).signUp(`p${randomBytes(4).toString('hex')}`);
      await p.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
      const r = await p.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id;
    }

    async function statuses(ids: string[]) {
      return db.query<{ id: string; status: string }>('SELECT id, status FROM submissions WHERE id = ANY($1)', [ids]);
    }

    async function untilEnded(ids: string[], timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while ((await statuses(ids)).some((s) => !['finished', 'failed', 'cancelled'].includes(s.status))) {
        if (Date.now() > deadline) {
          throw new Error(`not ended within ${timeoutMs} ms: ${JSON.stringify(await statuses(ids))}`);
        }
        await sleep(100);
      }
    }

    /** Every submission finished with one run, scored once, and on each board of its phase exactly once. */
    async function expectScoredOnce(ids: string[]): Promise<void> {
      expect((await statuses(ids)).map((s) => s.status)).toEqual(ids.map(() => 'finished'));
      const runs = await db.query<{ submission_id: string; n: number; finished: number }>(
        `SELECT submission_id, count(*)::int AS n, count(*) FILTER (WHERE status = 'finished')::int AS finished
         FROM runs WHERE submission_id = ANY($1) GROUP BY submission_id`,
        [ids],
      );
      expect(runs).toHaveLength(ids.length);
      expect(runs.every((r) => r.n === 1 && r.finished === 1)).toBe(true);
      // The boards take results in just after the worker's report (leaderboard_arrivals); wait for that.
      const deadline = Date.now() + 15_000;
      let rows: { submission_id: string; n: number }[] = [];
      for (;;) {
        const [{ pending }] = await db.query<{ pending: number }>(
          'SELECT count(*)::int AS pending FROM leaderboard_arrivals WHERE submission_id = ANY($1)',
          [ids],
        );
        rows = await db.query<{ submission_id: string; n: number }>(
          `SELECT submission_id, count(*)::int AS n FROM leaderboard_entries WHERE submission_id = ANY($1)
          GROUP BY submission_id`,
          [ids],
        );
        if (pending === 0 || Date.now() > deadline) {
          break;
        }
        await sleep(100);
      }
      // The example phase has one board.
      expect(rows.map((r) => r.n).sort()).toEqual(ids.map(() => 1));
    }

    /** Two workers, each in its own namespace (or, for the baseline, both in the root one, over loopback). */
    async function startWorkers(onOtherHosts: boolean) {
      const started: { name: string; child: ChildProcess }[] = [];
      for (const host of net.hosts) {
        const name = `${onOtherHosts ? 'host' : 'local'}${host.address.split('.')[2]}-${randomBytes(3).toString('hex')}`;
        const work = await newTmp(name);
        const amqpUrl = new URL(brokerUrl);
        if (!onOtherHosts) {
          amqpUrl.host = new URL(TEST_ENV.amqpUrl).host;
        }
        const child = spawnWorker(
          {
            ARENA_API_URL: api.url,
            AMQP_URL: amqpUrl.toString(),
            WORKER_NAME: name,
            WORKER_WORK_DIR: join(work, 'work'),
            WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
            WORKER_HEARTBEAT_SEC: '0.5',
            LOG_LEVEL: 'warn',
          },
          onOtherHosts ? { netns: host.netns } : {},
        );
        started.push({ name, child });
      }
      return started;
    }

    /** A burst of BURST submissions from as many participants; resolves once all ended, with the time it took. */
    async function burst(): Promise<{ ids: string[]; seconds: number }> {
      const tmp = await newTmp('burst');
      const competitionId = await competition(join(EXAMPLE, 'bundle'));
      const phaseId = (await organizer.json('GET', `/api/competitions/${competitionId}`)).body.phases[0].id;
      const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
      const started = Date.now();
      const ids = await Promise.all(Array.from({ length: BURST }, () => submitAs(competitionId, phaseId, results)));
      await untilEnded(ids, 75_000);
      return { ids, seconds: (Date.now() - started) / 1000 };
    }

    beforeAll(async () => {
      net = await createVirtualHosts(2);
      const broker = new URL(TEST_ENV.amqpUrl);
      await net.forward(5672, { host: broker.hostname, port: Number(broker.port || 5672) });
      db = await createTestDatabase();
      const apiTmp = await newTmp('api');
      api = await startTestApi(
        {
          DATABASE_URL: db.url,
          JOB_QUEUE: `arena.multihost.${randomBytes(4).toString('hex')}`,
          STORAGE_DIR: join(apiTmp, 's'),
          UPLOAD_TMP_DIR: join(apiTmp, 'u'),
          RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
          // What organizer queues' URLs name: the server host's address on the virtual network.
          BROKER_PUBLIC_URL: `amqp://${net.serverAddress}:5672`,
          RUN_LEASE_SEC: String(LEASE_SEC),
          LEASE_SWEEP_INTERVAL_MS: '250',
        },
        net.serverAddress,
      );
      organizer = await new HttpClient(api.url).signUp(`org${randomBytes(3).toString('hex')}`);
      const q = await organizer.json('POST', '/api/queues', { name: 'other-hosts' });
      expect(q.status, JSON.stringify(q.body)).toBe(201);
      queueId = q.body.id;
      brokerUrl = q.body.brokerUrl;
      expect(new URL(brokerUrl).hostname).toBe(net.serverAddress);
    }, 60_000);

    afterAll(async () => {
      for (const w of workers) {
        w.child.kill('SIGKILL');
        await removeContainersOf(w.name).catch(() => undefined);
      }
      if (queueId) {
        await organizer.json('DELETE', `/api/queues/${queueId}`).catch(() => undefined);
      }
      await api?.close();
      await db?.drop();
      await net?.close();
      for (const t of tmps) {
        await rm(t, { recursive: true, force: true });
      }
    });

    it('isolates the worker hosts: the API and the broker answer on the virtual network only', async () => {
      const probe = (host: string, port: number) =>
        new Promise<string>((res) => {
          // A short Node script run inside the worker's namespace, as its processes see the network.
          const script = `require('net').connect(${port},'${host}').on('connect',()=>{console.log('open');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`;
          execFile(
            'ip',
            ['netns', 'exec', net.hosts[0].netns, process.execPath, '-e', script],
            { timeout: 10_000 },
            (_e, out) => res(String(out).trim()),
          );
        });
      // The database and the broker's own listener are on the server host's loopback: out of reach.
      expect(
        await Promise.all([
          probe(net.serverAddress, Number(new URL(api.url).port)),
          probe(net.serverAddress, 5672),
          probe('127.0.0.1', 5432),
          probe('127.0.0.1', 5672),
        ]),
      ).toEqual(['open', 'open', 'ECONNREFUSED', 'ECONNREFUSED']);
    });

    // The same burst with both workers in the server host's namespace, over loopback: the figure to compare with
    // (MULTIHOST_BASELINE=1; off in the suite, whose time it would add to).
    it.runIf(process.env.MULTIHOST_BASELINE === '1')(
      'baseline: the same burst with local workers',
      async () => {
        // Before the workers on the other hosts start (the next test), so that they take none of its jobs.
        expect(workers).toHaveLength(0);
        const local = await startWorkers(false);
        try {
          const { ids, seconds } = await burst();
          await expectScoredOnce(ids);
          console.log(
            `local baseline burst: ${BURST} submissions scored in ${seconds.toFixed(1)} s = ${(BURST / seconds).toFixed(2)} scored/s`,
          );
        } finally {
          for (const w of local) {
            w.child.kill('SIGKILL');
            await removeContainersOf(w.name).catch(() => undefined);
          }
        }
      },
      90_000,
    );

    it('scores a burst exactly once across both worker hosts', async () => {
      workers.push(...(await startWorkers(true)));
      const { ids, seconds } = await burst();
      await expectScoredOnce(ids);
      const byWorker = await db.query<{ worker_name: string; n: number }>(
        'SELECT worker_name, count(*)::int AS n FROM runs WHERE submission_id = ANY($1) GROUP BY worker_name',
        [ids],
      );
      expect(byWorker.map((w) => w.worker_name).sort()).toEqual(workers.map((w) => w.name).sort());
      console.log(
        `multi-host burst: ${BURST} submissions scored in ${seconds.toFixed(1)} s = ${(BURST / seconds).toFixed(2)} scored/s (${byWorker.map((w) => `${w.worker_name}: ${w.n}`).join(', ')})`,
      );
    }, 90_000);

    it("a worker host's link cut mid-run: its run is dispatched again within the lease and scored once", async () => {
      const tmp = await newTmp('cut');
      // A scoring program slow enough to be cut off in the middle.
      const bundle = join(tmp, 'bundle');
      await cp(join(EXAMPLE, 'bundle'), bundle, { recursive: true });
      await writeFile(
        join(bundle, 'scoring_program/metadata.yaml'),
        'command: for i in 1 2 3 4 5; do echo tick $i; sleep 1; done; python3 $program/score.py $input $output\n',
      );
      const competitionId = await competition(bundle);
      const phaseId = (await organizer.json('GET', `/api/competitions/${competitionId}`)).body.phases[0].id;
      const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
      const ids = await Promise.all([0, 1].map(() => submitAs(competitionId, phaseId, results)));
      const victim = workers[0];
      let runId: string | undefined;
      const deadline = Date.now() + 30_000;
      while (!runId) {
        const [r] = await db.query<{ id: string }>(
          "SELECT id FROM runs WHERE submission_id = ANY($1) AND status = 'running' AND worker_name = $2",
          [ids, victim.name],
        );
        runId = r?.id;
        if (Date.now() > deadline) {
          throw new Error(`no run started on ${victim.name}`);
        }
        await sleep(100);
      }
      await sleep(1500); // into the container's run
      const cutAt = Date.now();
      await net.hosts[0].cut();

      let redispatchedMs = -1;
      while (redispatchedMs < 0) {
        const [r] = await db.query<{ attempt: number; published_at: Date | null }>(
          'SELECT attempt, published_at FROM runs WHERE id = $1',
          [runId],
        );
        if (r.attempt === 2 && r.published_at) {
          redispatchedMs = r.published_at.getTime() - cutAt;
        } else if (Date.now() - cutAt > 30_000) {
          throw new Error('the run was not dispatched again within 30 s of the cut');
        } else {
          await sleep(50);
        }
      }
      // Heartbeats every 0.5 s, a lease of 3 s, sweeps every 0.25 s: the run is taken back within the lease and a bit.
      expect(redispatchedMs).toBeLessThan(LEASE_SEC * 1000 + 1500);
      await untilEnded(ids, 45_000);
      const [again] = await db.query<{ worker_name: string; attempt: number }>(
        'SELECT worker_name, attempt FROM runs WHERE id = $1',
        [runId],
      );
      expect(again).toEqual({ worker_name: workers[1].name, attempt: 2 });
      const rescuedMs = Date.now() - cutAt;
      await expectScoredOnce(ids);

      // The cut host comes back: its worker's token was replaced, so whatever it still reports is refused.
      await net.hosts[0].restore();
      await sleep(4000);
      await expectScoredOnce(ids);
      const [{ n }] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM runs WHERE id = $1 AND worker_name = $2 AND status = 'finished'",
        [runId, workers[1].name],
      );
      expect(n).toBe(1);
      console.log(
        `multi-host cut: run dispatched again ${redispatchedMs} ms after the link went down (lease ${LEASE_SEC} s), scored on the other host ${rescuedMs} ms after`,
      );
    }, 90_000);
  },
);
