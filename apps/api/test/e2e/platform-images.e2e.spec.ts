import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import {
  buildPlatformImages,
  freePort,
  inspectContainer,
  readmeDockerRunLines,
  sh,
  until,
} from '../support/platform-images';
import { deleteQueue } from '../support/rabbit-evidence';
import { databaseUrl, TEST_ENV, TEST_RATE_LIMITS } from '../support/test-env';
import { removeContainersOf } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
/** The README's names, used as they are: the test runs the README's line. */
const WORKER_CONTAINER = 'arena-worker';
const WORK_DIR = '/var/lib/arena-worker';
/** With host networking the worker is named after the host (WORKER_NAME defaults to the hostname). */
const WORKER_NAME = hostname();
const SLOW_SEC = 15;

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: TEST_ENV.adminDatabaseUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('the platform images: the API image and the README worker line score a submission', () => {
  const hex = randomBytes(4).toString('hex');
  const dbName = `arena_images_${hex}`;
  const jobQueue = `arena.images.${hex}`;
  const apiContainer = `arena-images-api-${hex}`;
  let tmp: string;
  let db: Client | undefined;
  let apiUrl: string;
  let organizer: HttpClient;
  let participant: HttpClient;
  let phaseId: string;
  let queue: { id: string; brokerUrl: string; workerCommand: string };
  let fastResults: string;
  let slowResults: string;
  let workerStarted = false;
  let workDirExisted = true;

  const submission = async (id: string) => (await participant.json('GET', `/api/submissions/${id}`)).body;
  const ended = (id: string) => async () => {
    const s = await submission(id);
    return ['finished', 'failed', 'cancelled'].includes(s.status) ? s : undefined;
  };

  beforeAll(async () => {
    const buildSec = await buildPlatformImages();
    console.log(`platform images built in ${buildSec.toFixed(0)} s`);
    tmp = await mkdtemp(join(tmpdir(), 'arena-images-'));
    workDirExisted = existsSync(WORK_DIR);
    if (await inspectContainer(WORKER_CONTAINER)) {
      throw new Error(
        `a container named ${WORKER_CONTAINER} exists: remove it (docker rm -f ${WORKER_CONTAINER}) to run this test`,
      );
    }

    // An empty database: the image migrates it at start.
    await admin(`CREATE DATABASE ${dbName}`);
    db = new Client({ connectionString: databaseUrl(dbName) });
    await db.connect();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      PUBLIC_URL: apiUrl,
      DATABASE_URL: databaseUrl(dbName),
      AMQP_URL: TEST_ENV.amqpUrl,
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
      JOB_QUEUE: jobQueue,
      RUN_LEASE_SEC: '5',
      LEASE_SWEEP_INTERVAL_MS: '250',
      LOG_LEVEL: 'warn',
      ...TEST_RATE_LIMITS,
    };
    await sh('docker', [
      'run',
      '-d',
      '--name',
      apiContainer,
      '--network',
      'host',
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      'arena/api',
    ]);
    await until(
      'the API image answers /api/health',
      async () => {
        const ok = await fetch(`${apiUrl}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) {
          return true;
        }
        const state = (await inspectContainer(apiContainer))?.State;
        if (state && !state.Running) {
          throw new Error(`the API container exited: ${await sh('docker', ['logs', apiContainer]).catch(String)}`);
        }
        return undefined;
      },
      120_000,
    );

    // The example competition on a local scoring image (the worker line maps no image), its scoring made slow by a
    // marker file in a submission, so the worker can be restarted mid-run.
    const bundleDir = join(tmp, 'bundle');
    await cp(join(EXAMPLE, 'bundle'), bundleDir, { recursive: true });
    await writeFile(
      join(bundleDir, 'competition.yaml'),
      (await readFile(join(bundleDir, 'competition.yaml'), 'utf8')).replace(
        /^docker_image: .*$/m,
        `docker_image: ${TEST_ENV.scoringImage}`,
      ),
    );
    await writeFile(
      join(bundleDir, 'scoring_program/metadata.yaml'),
      `command: if [ -f $input/res/slow ]; then sleep ${SLOW_SEC}; fi; python3 $program/score.py $input $output\n`,
    );
    const anon = new HttpClient(apiUrl);
    organizer = await anon.signUp(`org${hex}`);
    const created = await organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(bundleDir, join(tmp, 'b.zip')),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await organizer.publish(created);
    phaseId = created.body.phases[0].id;
    const q = await organizer.json('POST', '/api/queues', { name: `images ${hex}` });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    queue = q.body;
    expect(
      (await organizer.json('PUT', `/api/competitions/${created.body.id}/queue`, { queueId: queue.id })).status,
    ).toBe(204);
    participant = await anon.signUp(`ada${hex}`);
    await participant.json('POST', `/api/competitions/${created.body.id}/participation`, { acceptTerms: true });
    fastResults = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'fast.zip'));
    const slowDir = join(tmp, 'slow');
    await cp(join(EXAMPLE, 'submission'), slowDir, { recursive: true });
    await writeFile(join(slowDir, 'slow'), '');
    slowResults = await zipFolder(slowDir, join(tmp, 'slow.zip'));
  }, 20 * 60_000);

  afterAll(async () => {
    if (workerStarted) {
      await sh('docker', ['rm', '-f', WORKER_CONTAINER]).catch(() => undefined);
    }
    await removeContainersOf(WORKER_NAME).catch(() => undefined);
    if (queue) {
      await organizer.json('DELETE', `/api/queues/${queue.id}`).catch(() => undefined);
    }
    await sh('docker', ['rm', '-f', apiContainer]).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await deleteQueue(jobQueue).catch(() => undefined);
    if (!workDirExisted) {
      await rm(WORK_DIR, { recursive: true, force: true });
    }
    if (tmp) {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  /** The README's first worker line with its two placeholders filled in. */
  const readmeLine = () => {
    const [line] = readmeDockerRunLines('Your own workers (organizer queues)');
    expect(line).toContain('https://arena.example.org');
    expect(line).toContain("'<broker URL from the API>'");
    return line.replace('https://arena.example.org', apiUrl).replace('<broker URL from the API>', queue.brokerUrl);
  };

  it('hands out, on creating a queue, the README worker line word for word', () => {
    expect(queue.workerCommand).toBe(readmeLine());
  });

  it('labels both images, runs the API as a non-root user and the worker under tini', async () => {
    for (const image of ['arena/api', 'arena/worker']) {
      const [config] = JSON.parse(await sh('docker', ['image', 'inspect', image])).map((i: any) => i.Config);
      expect(config.Labels['org.opencontainers.image.version']).toMatch(/^\d+\.\d+\.\d+/);
      expect(config.Labels['org.opencontainers.image.revision']).toMatch(/^[0-9a-f]{40}$/);
      expect(config.Entrypoint).toEqual(['tini', '--']);
      expect(config.Healthcheck.Test[0]).toBe('CMD');
    }
    expect((await inspectContainer(apiContainer)).Config.User).toBe('node');
    expect((await sh('docker', ['exec', apiContainer, 'id', '-u'])).trim()).toBe('1000');
    // No dev tool made it into the images.
    const modules = await sh('docker', ['run', '--rm', '--entrypoint', 'ls', 'arena/worker', 'node_modules']);
    for (const dev of ['vitest', 'nx', 'vite', 'playwright-core', '@swc', 'ts-node']) {
      expect(modules.split('\n')).not.toContain(dev);
    }
  });

  it('runs the README line: the worker in its container scores a submission end to end', async () => {
    await sh('bash', ['-c', readmeLine()]);
    workerStarted = true;
    const worker = await inspectContainer(WORKER_CONTAINER);
    expect(worker.HostConfig.NetworkMode).toBe('host');
    expect(worker.Mounts.map((m: any) => `${m.Source}:${m.Destination}`).sort()).toEqual(
      [`${WORK_DIR}:${WORK_DIR}`, '/var/run/docker.sock:/var/run/docker.sock'].sort(),
    );

    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', fastResults);
    expect(r.status).toBe(201);
    const done = await until('the submission is scored', ended(r.body.id), 120_000);
    expect(done.status, JSON.stringify(done)).toBe('finished');
    expect(done.scores.accuracy).toBeCloseTo(0.84, 10);
    expect(done.runs[0].workerName).toBe(WORKER_NAME);
    // Programs and data stay in the work folder's cache for the next run.
    expect((await readdir(join(WORK_DIR, 'cache'))).length).toBeGreaterThan(0);
  });

  it('restarted mid-run, the worker container gets the run again and it is scored once', async () => {
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', slowResults);
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    const runId = await until(
      'the scoring container runs',
      async () => {
        const s = await submission(id);
        if (s.status !== 'running') {
          return undefined;
        }
        const ids = (await sh('docker', ['ps', '-q', '--filter', `label=arena.run=${s.runs[0].id}`])).trim();
        return ids ? (s.runs[0].id as string) : undefined;
      },
      60_000,
    );
    // The submission's container, started by the worker through the socket: not root, no network, read-only.
    const [scoring] = JSON.parse(
      await sh('docker', [
        'inspect',
        (await sh('docker', ['ps', '-q', '--filter', `label=arena.run=${runId}`])).trim(),
      ]),
    );
    expect(scoring.Config.User).toBe('65534:65534');
    expect(scoring.HostConfig.NetworkMode).toBe('none');
    expect(scoring.HostConfig.ReadonlyRootfs).toBe(true);

    const restartedAt = Date.now();
    await sh('docker', ['restart', WORKER_CONTAINER], 60_000);
    const done = await until('the restarted submission ends', ended(id), (SLOW_SEC + 60) * 1000);
    expect(done.status, JSON.stringify(done)).toBe('finished');
    expect(done.scores.accuracy).toBeCloseTo(0.84, 10);
    expect(done.runs).toHaveLength(1);
    const { rows } = await db!.query<{ attempt: number; finished_at: Date }>(
      'SELECT attempt, finished_at FROM runs WHERE submission_id = $1',
      [id],
    );
    expect(rows).toHaveLength(1);
    // Run again after the restart (the program sleeps 15 s, the restart came 1 s into it), by either path: the broker
    // hands the restarted worker the job its killed connection held, whose token takes the run over (attempt 1), or
    // the lease runs out first and the platform dispatches a later attempt. Which one wins is timing.
    expect(rows[0].finished_at.getTime()).toBeGreaterThan(restartedAt);
    expect(rows[0].attempt).toBeGreaterThanOrEqual(1);
    // Scored once: one result on the board for the participant.
    const board = (await participant.json('GET', `/api/phases/${phaseId}/leaderboard`)).body.leaderboards[0];
    expect(board.rows.filter((row: any) => row.submissionId === id)).toHaveLength(1);
    expect(Date.now() - restartedAt).toBeLessThan((SLOW_SEC + 60) * 1000);
    // The interrupted attempt's container is gone (the restarted worker removed it at start).
    await until(
      'no container is left for the run',
      async () =>
        (await sh('docker', ['ps', '-aq', '--filter', `label=arena.run=${runId}`])).trim() === '' ? true : undefined,
      30_000,
    );
    expect((await readdir(join(WORK_DIR, 'cache'))).length).toBeGreaterThan(0);
  });

  it('reports both containers healthy, then stops the idle worker within its grace period, leaving nothing', async () => {
    for (const name of [apiContainer, WORKER_CONTAINER]) {
      await until(
        `${name} is healthy`,
        async () => {
          const health = (await inspectContainer(name)).State.Health;
          return health?.Status === 'healthy' ? true : undefined;
        },
        75_000,
        1000,
      );
    }
    const t0 = Date.now();
    await sh('docker', ['stop', WORKER_CONTAINER], 30_000);
    const stopSec = (Date.now() - t0) / 1000;
    const state = (await inspectContainer(WORKER_CONTAINER)).State;
    // Exit 0: the worker shut down on SIGTERM (through tini) before Docker's 10 s, not killed (137).
    expect(state.ExitCode).toBe(0);
    expect(stopSec).toBeLessThan(10);
    const left = await sh('docker', ['ps', '-aq', '--filter', `label=arena.worker=${WORKER_NAME}`]);
    expect(left.trim()).toBe('');
    await sh('docker', ['rm', WORKER_CONTAINER]);
    expect(await inspectContainer(WORKER_CONTAINER)).toBeUndefined();
    workerStarted = false;
  });
});
