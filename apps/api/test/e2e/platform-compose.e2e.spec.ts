import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import {
  buildPlatformImages,
  buildServiceImages,
  composeCommand,
  freePort,
  inspectContainer,
  sh,
  until,
} from '../support/platform-images';

/** Everything else this suite runs needs Docker too; only a machine without it skips this file. */
const docker = spawnSync('docker', ['info'], { timeout: 30_000 });
const dockerMissing =
  docker.error || docker.status !== 0
    ? `no Docker engine answers \`docker info\` (${docker.error?.message ?? String(docker.stderr).trim()})`
    : undefined;
if (dockerMissing) {
  console.warn(`skipping the docker-compose test: ${dockerMissing}`);
}

const SERVICES = ['api', 'minio', 'postgres', 'rabbitmq', 'worker'];
/** What deploy/local-images.env puts in place of the registry images. */
const LOCAL_IMAGES: Record<string, string> = {
  postgres: 'arena/postgres:15-local',
  rabbitmq: 'arena/rabbitmq:3-local',
  minio: 'arena/s3:ceph-local',
  api: 'arena/api',
  worker: 'arena/worker',
};

describe.skipIf(dockerMissing)(
  'deploy/docker-compose.yml from local images runs the demo competition end to end',
  () => {
    // Its own project name and host ports: the machine's PostgreSQL, RabbitMQ and Ceph keep theirs.
    const project = `arenacompose${randomBytes(4).toString('hex')}`;
    let compose: string[];
    let env: Record<string, string>;
    let tmp: string;
    let apiUrl: string;
    let mgmtPort: number;
    let upSec = 0;

    const up = (args: string[], timeoutMs: number) =>
      sh(
        compose[0],
        [
          ...compose.slice(1),
          '--env-file',
          'deploy/local-images.env',
          '-f',
          'deploy/docker-compose.yml',
          '-p',
          project,
          ...args,
        ],
        timeoutMs,
        env,
      );
    /** Ids of the containers matching every filter (by default the project's). */
    const containers = async (...filters: string[]) => {
      const all = filters.length ? filters : [`label=com.docker.compose.project=${project}`];
      return (await sh('docker', ['ps', '-aq', ...all.flatMap((f) => ['--filter', f])])).split('\n').filter(Boolean);
    };
    const serviceContainer = async (service: string) => {
      const [id] = await containers(
        `label=com.docker.compose.project=${project}`,
        `label=com.docker.compose.service=${service}`,
      );
      if (!id) {
        throw new Error(`no container for the ${service} service of ${project}`);
      }
      return inspectContainer(id);
    };
    const exec = async (service: string, script: string) =>
      sh('docker', ['exec', (await serviceContainer(service)).Id, 'sh', '-c', script]);

    beforeAll(async () => {
      const appSec = await buildPlatformImages();
      const servicesSec = await buildServiceImages();
      console.log(`platform images built in ${appSec.toFixed(0)} s, service stand-ins in ${servicesSec.toFixed(0)} s`);
      compose = await composeCommand();
      tmp = await mkdtemp(join(tmpdir(), 'arena-compose-'));
      const workDir = join(tmp, 'work');
      await mkdir(workDir);
      const port = await freePort();
      mgmtPort = await freePort();
      apiUrl = `http://127.0.0.1:${port}`;
      env = {
        ARENA_PORT: String(port),
        RABBITMQ_MGMT_PORT: String(mgmtPort),
        PUBLIC_URL: apiUrl,
        WORKER_WORK_DIR: workDir,
      };
      const t0 = Date.now();
      // --no-build: the images are the local ones; with their build sections compose would otherwise fetch a base.
      await up(['up', '-d', '--no-build'], 6 * 60_000);
      await until(
        'the compose API answers /api/health',
        async () => {
          // Bounded: Node's fetch may never settle on a connection Docker's port proxy resets while the API starts.
          const ok = await fetch(`${apiUrl}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
            (r) => r.ok,
            () => false,
          );
          if (ok) {
            return true;
          }
          const state = (await serviceContainer('api')).State;
          if (!state.Running && state.Restarting !== true) {
            throw new Error(
              `the API container stopped: ${await sh('docker', ['logs', (await serviceContainer('api')).Id]).catch(String)}`,
            );
          }
          return undefined;
        },
        6 * 60_000,
        500,
      ); // it migrates an empty database first: minutes on a loaded 2-core machine
      upSec = (Date.now() - t0) / 1000;
      console.log(`compose project ${project} up in ${upSec.toFixed(0)} s`);
    }, 50 * 60_000);

    afterAll(async () => {
      if (compose) {
        await up(['down', '-v', '--remove-orphans'], 180_000).catch((e) => console.warn(String(e)));
      }
      if (tmp) {
        await rm(tmp, { recursive: true, force: true });
      }
    }, 240_000);

    it('runs every service from the local image that stands in for the registry one', async () => {
      for (const service of SERVICES) {
        const c = await serviceContainer(service);
        expect(c.Config.Image, service).toBe(LOCAL_IMAGES[service]);
        expect(c.State.Running, service).toBe(true);
      }
      // Only the API and the broker's management port are published, on the ports given.
      const ports = (await serviceContainer('rabbitmq')).HostConfig.PortBindings['15672/tcp'];
      expect(ports).toEqual([{ HostIp: '127.0.0.1', HostPort: String(mgmtPort) }]);
      expect((await serviceContainer('postgres')).HostConfig.PortBindings).toEqual({});
    });

    it(
      'runs the demo: upload, a submission scored by the compose worker, a row on the board',
      async () => {
        const out = await sh('node', ['deploy/demo.mjs', apiUrl], 240_000);
        const competitionId = /created \(([0-9a-f-]{36})\)/.exec(out)?.[1];
        const scoredOn = /on worker (\S+)\)/.exec(out)?.[1];
        expect(competitionId, out).toBeDefined();
        // Scored by the worker of this project, named after its container (WORKER_NAME defaults to the hostname).
        const worker = await serviceContainer('worker');
        expect(scoredOn).toBe(worker.Config.Hostname);

        const anon = new HttpClient(apiUrl);
        const competition = (await anon.json('GET', `/api/competitions/${competitionId}`)).body;
        const board = (await anon.json('GET', `/api/phases/${competition.phases[0].id}/leaderboard`)).body
          .leaderboards[0];
        expect(board.rows).toHaveLength(1);
        expect(board.rows[0].rank).toBe(1);
        expect(board.rows[0].participant).toMatch(/^participant-/);
        expect(board.rows[0].scores.accuracy).toBeCloseTo(0.84, 10);

        // Through the project's own services: its database holds the submission, its S3 the files (none on the API's
        // disk), its broker had the worker consuming the jobs queue (on the management port given).
        const finished = await exec(
          'postgres',
          'psql -U arena -d arena -tAc "SELECT count(*) FROM submissions WHERE status = \'finished\'"',
        );
        expect(finished.trim()).toBe('1');
        const stats = JSON.parse(
          await exec('minio', 'CEPH_CONF=/var/lib/ceph-standin/ceph.conf radosgw-admin bucket stats --bucket arena'),
        );
        expect(stats.usage['rgw.main'].num_objects).toBeGreaterThan(0);
        expect((await exec('api', 'find /var/lib/arena -type f -path "*/storage/*" | wc -l')).trim()).toBe('0');
        const jobs = await fetch(`http://127.0.0.1:${mgmtPort}/api/queues/%2F/arena.jobs`, {
          headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
          signal: AbortSignal.timeout(10_000),
        }).then((r) => r.json() as Promise<{ consumers: number }>);
        expect(jobs.consumers).toBe(1);
      },
      5 * 60_000,
    );

    it(
      "reports every service healthy through the compose file's and the images' health checks",
      async () => {
        // Generous: each check is a process started in the container every few seconds (30 s for the platform's
        // images), which a loaded 2-core machine can slow past its timeout now and then.
        const deadline = Date.now() + 4 * 60_000;
        let waiting: string[] = SERVICES;
        while (waiting.length && Date.now() < deadline) {
          const states = await Promise.all(
            waiting.map(async (service) => [service, (await serviceContainer(service)).State.Health] as const),
          );
          waiting = states.filter(([, health]) => health?.Status !== 'healthy').map(([service]) => service);
          if (waiting.length) {
            await new Promise((r) => setTimeout(r, 2000));
          }
        }
        const last = await Promise.all(
          waiting.map(async (service) => {
            const health = (await serviceContainer(service)).State.Health;
            return `${service}: ${health?.Status} ${JSON.stringify(health?.Log?.at(-1))}`;
          }),
        );
        expect(last, 'services not healthy within 4 minutes').toEqual([]);
      },
      5 * 60_000,
    );

    it(
      'comes down with `down -v`, leaving no container, volume or network of the project, nor a scoring container',
      async () => {
        const workerName = (await serviceContainer('worker')).Config.Hostname;
        const t0 = Date.now();
        await up(['down', '-v'], 180_000);
        console.log(`compose project ${project} down in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        expect(await containers()).toEqual([]);
        expect(await containers(`label=arena.worker=${workerName}`)).toEqual([]);
        const label = `label=com.docker.compose.project=${project}`;
        expect((await sh('docker', ['volume', 'ls', '-q', '--filter', label])).trim()).toBe('');
        expect((await sh('docker', ['network', 'ls', '-q', '--filter', label])).trim()).toBe('');
      },
      4 * 60_000,
    );
  },
);
