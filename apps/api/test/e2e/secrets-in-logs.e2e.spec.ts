import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { startSmtp } from '../support/smtp-server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV, TEST_RATE_LIMITS } from '../support/test-env';
import { removeContainersOf } from '../support/worker-process';
import { waitForEnd } from '../support/wait-for-end';
import { zipFolder } from '../support/zip-folder';

/**
 * Issue 19: a full run of the built platform, the API and the worker as their own processes at their most talkative
 * log levels, through everything that handles a secret (signup, login, a failed login, a password reset, API tokens,
 * an organizer queue's broker URL, S3 storage, a job scored in a container, mail to an SMTP server that refuses the
 * password), then every line both wrote is searched for each secret, and for any URL carrying credentials.
 */
const ROOT = resolve(__dirname, '../../../..');
const EXAMPLE = join(ROOT, 'examples/binary-classification');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/compute-worker/main.js');
const hex = (n: number) => randomBytes(n).toString('hex');

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

/** A built app as its own process; everything it writes to stdout and stderr is kept. */
function run(main: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const chunks: Buffer[] = [];
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => chunks.push(c));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c));
  return { child, output: () => Buffer.concat(chunks).toString('utf8') };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
}

function mgmt(method: string, path: string, body?: unknown): Promise<Response> {
  const u = new URL(TEST_ENV.rabbitMgmtUrl);
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  return fetch(`${u.origin}/api${path}`, {
    method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('no secret in any log line of a full run', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) {
      await c().catch(() => undefined);
    }
  });

  it.runIf(existsSync(API_MAIN) && existsSync(WORKER_MAIN))(
    'keeps passwords, tokens, broker URLs with credentials and S3 keys out of the API and worker logs',
    async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'arena-logs-'));
      cleanups.push(() => rm(tmp, { recursive: true, force: true }));
      const db: TestDatabase = await createTestDatabase();
      cleanups.push(() => db.drop());
      const smtp = await startSmtp();
      cleanups.push(() => new Promise((r) => smtp.server.close(() => r(undefined))));
      const queue = `arena.logs.${hex(4)}`;
      cleanups.push(() => deleteQueue(queue));
      const port = await freePort();
      const smtpPass = `smtp-pass-${hex(8)}`;
      const metricsToken = `metrics-${hex(8)}`;
      const s3 = {
        S3_ENDPOINT: TEST_ENV.s3.endpoint,
        S3_BUCKET: `arena-logs-${hex(4)}`,
        S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
      };
      const api = run(API_MAIN, {
        ...TEST_RATE_LIMITS,
        PORT: String(port),
        DATABASE_URL: db.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
        JOB_QUEUE: queue,
        UPLOAD_TMP_DIR: join(tmp, 'uploads'),
        ...s3,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_USER: 'arena',
        SMTP_PASS: smtpPass,
        MAIL_INTERVAL_MS: '200',
        LOG_LEVEL: 'verbose',
        // JSON lines, as the Helm chart runs it (errors become fields there); the refused APIs below write both formats.
        LOG_FORMAT: 'json',
        METRICS_PORT: String(await freePort()),
        METRICS_TOKEN: metricsToken,
      });
      cleanups.push(() => stop(api.child));
      const base = `http://127.0.0.1:${port}`;
      // Up to a minute: a loaded machine starts the built API slowly.
      let up = false;
      for (
        let i = 0;
        i < 240 &&
        !(up = await fetch(`${base}/api/health`)
          .then((r) => r.ok)
          .catch(() => false));
        i++
      ) {
        await new Promise((r) => setTimeout(r, 250));
      }
      if (!up) {
        throw new Error(`the API did not answer:\n${api.output()}`);
      }
      const anon = new HttpClient(base);

      // Everything that handles a secret, the way clients do it.
      const secrets: string[] = [TEST_ENV.s3.secretAccessKey, TEST_ENV.s3.accessKeyId, smtpPass, metricsToken];
      const password = `Org-pass-${hex(6)}`;
      const orgName = `org${hex(3)}`;
      const signup = await anon.json('POST', '/api/auth/signup', {
        email: `${orgName}@example.org`,
        username: orgName,
        password,
      });
      expect(signup.status).toBe(201);
      secrets.push(password, signup.body.token);
      const wrong = `Wrong-guess-${hex(6)}`;
      expect((await anon.json('POST', '/api/auth/login', { login: orgName, password: wrong })).status).toBe(401);
      secrets.push(wrong);
      const login = await anon.json('POST', '/api/auth/login', { login: orgName, password });
      secrets.push(login.body.token);
      const organizer = anon.as(login.body.token);
      const apiToken = await organizer.json('POST', '/api/auth/tokens', { name: 'ci' });
      secrets.push(apiToken.body.token);
      const queueAnswer = await organizer.json('POST', '/api/queues', { name: 'lab box' });
      expect(queueAnswer.status).toBe(201);
      const brokerUrl = new URL(queueAnswer.body.brokerUrl);
      secrets.push(decodeURIComponent(brokerUrl.password));
      const [queueRow] = await db.query<{ vhost: string; broker_user: string }>(
        'SELECT vhost, broker_user FROM queues',
      );
      cleanups.push(() => mgmt('DELETE', `/vhosts/${encodeURIComponent(queueRow.vhost)}`));
      cleanups.push(() => mgmt('DELETE', `/users/${encodeURIComponent(queueRow.broker_user)}`));
      const created = await organizer
        .as(apiToken.body.token)
        .upload('/api/competitions', 'bundle', await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'bundle.zip')));
      await organizer.as(apiToken.body.token).publish(created);
      expect(created.status, JSON.stringify(created.body)).toBe(201);

      const participant = await anon.signUp(`ada${hex(3)}`);
      const adaName = (await participant.json('GET', '/api/auth/me')).body.username;
      expect(
        (await participant.json('POST', `/api/competitions/${created.body.id}/participation`, { acceptTerms: true }))
          .status,
      ).toBe(200);
      expect((await anon.json('POST', '/api/auth/password-reset', { email: `${adaName}@example.org` })).status).toBe(
        202,
      );
      let resetToken = '';
      for (let i = 0; i < 50 && !resetToken; i++) {
        const [mail] = await db.query<{ body: string }>(
          "SELECT body FROM mail_outbox WHERE recipient = $1 AND subject LIKE 'Reset%'",
          [`${adaName}@example.org`],
        );
        resetToken = /token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1] ?? '';
        if (!resetToken) {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const newPassword = `Ada-new-${hex(6)}`;
      expect(
        (await anon.json('POST', '/api/auth/password-reset/confirm', { token: resetToken, password: newPassword }))
          .status,
      ).toBe(204);
      secrets.push(resetToken, newPassword);
      const ada = anon.as(
        (await anon.json('POST', '/api/auth/login', { login: adaName, password: newPassword })).body.token,
      );
      for (const [mail] of [
        await db.query<{ body: string }>('SELECT body FROM mail_outbox WHERE body LIKE $1', ['%confirm-email?token=%']),
      ]) {
        const confirm = /token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1];
        if (confirm) {
          secrets.push(confirm);
        }
      }

      const submitted = await ada.upload(
        `/api/phases/${created.body.phases[0].id}/submissions`,
        'file',
        await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip')),
      );
      expect(submitted.status).toBe(201);
      // The job token exists only in the message: read it off the queue (put back) before the worker takes it.
      let jobToken = '';
      for (let i = 0; i < 50 && !jobToken; i++) {
        const got = await mgmt('POST', `/queues/%2F/${encodeURIComponent(queue)}/get`, {
          count: 1,
          ackmode: 'ack_requeue_true',
          encoding: 'auto',
        });
        const [message] = got.ok ? ((await got.json()) as { payload: string }[]) : [];
        jobToken = message ? (JSON.parse(message.payload) as { token: string }).token : '';
        if (!jobToken) {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(jobToken).not.toBe('');
      secrets.push(jobToken);

      const workerName = `logs-${hex(3)}`;
      const worker = run(WORKER_MAIN, {
        ARENA_API_URL: base,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: queue,
        WORKER_NAME: workerName,
        WORKER_WORK_DIR: join(tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'debug',
      });
      cleanups.push(() => removeContainersOf(workerName));
      cleanups.push(() => stop(worker.child));
      const done = await waitForEnd(ada, submitted.body.id);
      expect(done.status).toBe('finished');
      // The organizer's queue worker connects with its own credentials, once.
      const remote = run(WORKER_MAIN, {
        ARENA_API_URL: base,
        AMQP_URL: queueAnswer.body.brokerUrl,
        WORKER_QUEUE: 'arena.jobs',
        WORKER_NAME: `${workerName}-remote`,
        WORKER_WORK_DIR: join(tmp, 'remote'),
        LOG_LEVEL: 'debug',
      });
      // Mail goes out and is refused for the wrong SMTP password; the remote worker connects.
      for (let i = 0; i < 120 && (!/mail .* failed/.test(api.output()) || !/worker ready/.test(remote.output())); i++) {
        await new Promise((r) => setTimeout(r, 250));
      }
      await stop(remote.child);
      await stop(worker.child);
      await stop(api.child);

      // Failures quote what failed: a worker whose broker password is wrong, an API whose database password is.
      const wrongBroker = new URL(queueAnswer.body.brokerUrl);
      wrongBroker.password = `broker-wrong-${hex(6)}`;
      secrets.push(wrongBroker.password);
      const refusedWorker = run(WORKER_MAIN, {
        ARENA_API_URL: base,
        AMQP_URL: wrongBroker.toString(),
        WORKER_QUEUE: 'arena.jobs',
        WORKER_NAME: `${workerName}-refused`,
        WORKER_WORK_DIR: join(tmp, 'refused'),
        LOG_LEVEL: 'debug',
      });
      const wrongDb = new URL(db.url);
      wrongDb.password = `db-wrong-${hex(6)}`;
      secrets.push(wrongDb.password);
      const refusedApi = run(API_MAIN, {
        PORT: String(await freePort()),
        DATABASE_URL: wrongDb.toString(),
        AMQP_URL: TEST_ENV.amqpUrl,
        ...s3,
        UPLOAD_TMP_DIR: join(tmp, 'uploads2'),
        LOG_LEVEL: 'verbose',
      });
      const refusedJsonApi = run(API_MAIN, {
        PORT: String(await freePort()),
        DATABASE_URL: wrongDb.toString(),
        AMQP_URL: TEST_ENV.amqpUrl,
        ...s3,
        UPLOAD_TMP_DIR: join(tmp, 'uploads3'),
        LOG_LEVEL: 'verbose',
        LOG_FORMAT: 'json',
      });
      for (
        let i = 0;
        i < 240 && ![refusedApi, refusedJsonApi].every((p) => /password authentication failed/.test(p.output()));
        i++
      ) {
        await new Promise((r) => setTimeout(r, 250));
      }
      await stop(refusedWorker.child);
      await stop(refusedApi.child);
      await stop(refusedJsonApi.child);

      const logs = {
        api: api.output(),
        worker: worker.output(),
        'organizer queue worker': remote.output(),
        'worker refused by the broker': refusedWorker.output(),
        'API refused by the database': refusedApi.output(),
        'API refused by the database, JSON logs': refusedJsonApi.output(),
      };
      await mkdir(join(ROOT, 'artifacts'), { recursive: true });
      for (const [who, text] of Object.entries(logs)) {
        await writeFile(join(ROOT, 'artifacts', `log-${who.replace(/ /g, '-')}.txt`), text);
      }
      // The logs are there to be searched: the API said what it did, the worker what it ran.
      expect(logs.api).toContain('API listening');
      expect(logs.api.split('\n').length).toBeGreaterThan(20);
      expect(logs.worker.split('\n').length).toBeGreaterThan(5);
      expect(logs['organizer queue worker'].length).toBeGreaterThan(0);
      expect(logs.api).toMatch(/mail .* failed/);
      expect(logs['worker refused by the broker']).toMatch(/refused|ACCESS_REFUSED|403|connect/i);
      expect(logs['API refused by the database']).toMatch(/password authentication failed|Unable to connect/);
      expect(logs['API refused by the database, JSON logs']).toMatch(
        /password authentication failed|Unable to connect/,
      );
      // JSON lines, every one of them.
      for (const line of logs.api.split('\n').filter(Boolean)) {
        expect(() => JSON.parse(line), line).not.toThrow();
      }
      const found: string[] = [];
      for (const [who, text] of Object.entries(logs)) {
        for (const secret of secrets) {
          if (secret && text.includes(secret)) {
            found.push(`${who} log holds ${secret.slice(0, 6)}… (${secrets.indexOf(secret)})`);
          }
        }
        for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s/@:]+:[^\s/@]+@/gi)) {
          found.push(`${who} log holds a URL with credentials: ${m[0].replace(/:[^:@]+@$/, ':***@')}`);
        }
        for (const line of text.split('\n')) {
          if (/authorization:\s*bearer\s+\S{20,}/i.test(line)) {
            found.push(`${who} log holds a bearer header`);
          }
        }
      }
      expect(found).toEqual([]);
    },
  );
});
