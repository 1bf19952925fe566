import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as amqp from 'amqplib';
import { JOB_QUEUE_OPTIONS, parseScoreJob } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** The broker's own verdict on a connection attempt: connected, or the reason it refused. */
async function tryConnect(url: string): Promise<amqp.ChannelModel | Error> {
  return amqp.connect(url, { timeout: 5000 }).catch((e: Error) => e);
}

/** Runs one operation on a fresh channel and reports whether the broker refused it (channel closed with 403). */
async function refused(conn: amqp.ChannelModel, op: (ch: amqp.ConfirmChannel) => Promise<unknown>): Promise<boolean> {
  const ch = await conn.createConfirmChannel();
  const closed = new Promise<string>((r) => ch.once('error', (e: Error) => r(e.message)));
  const outcome = await Promise.race([
    op(ch).then(
      () => 'ok',
      (e: Error) => e.message,
    ),
    closed,
  ]);
  const reason =
    outcome === 'ok'
      ? await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('ok'), 500))])
      : outcome;
  await ch.close().catch(() => undefined);
  return /ACCESS_REFUSED|403/.test(reason);
}

async function vhostExists(vhost: string): Promise<boolean> {
  const u = new URL(TEST_ENV.rabbitMgmtUrl);
  const auth = Buffer.from(`${u.username}:${u.password}`).toString('base64');
  const res = await fetch(`${u.origin}/api/vhosts/${encodeURIComponent(vhost)}`, {
    headers: { authorization: `Basic ${auth}` },
  });
  return res.status === 200;
}

describe('organizer queues on their own RabbitMQ vhost', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let alice: HttpClient;
  let bob: HttpClient;
  const created: string[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-queues-'));
    db = await createTestDatabase();
    api = await startTestApi({
      DATABASE_URL: db.url,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
    });
    const anon = new HttpClient(api.url);
    alice = await anon.signUp(`alice${randomBytes(3).toString('hex')}`);
    bob = await anon.signUp(`bob${randomBytes(3).toString('hex')}`);
  });

  afterAll(async () => {
    for (const id of created) {
      for (const who of [alice, bob]) {
        await who.json('DELETE', `/api/queues/${id}`).catch(() => undefined);
      }
    }
    await api?.close();
    await db?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  const createQueue = async (who: HttpClient, name: string) => {
    const r = await who.json('POST', '/api/queues', { name });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    created.push(r.body.id);
    return r.body as { id: string; vhost: string; brokerUrl: string; workerCommand: string };
  };

  it('gives each queue credentials that reach its own job queue only', async () => {
    const a = await createQueue(alice, 'A');
    const b = await createQueue(bob, 'B');
    expect(a.brokerUrl).toMatch(/^amqp:\/\/arena-worker-[^:]+:[^@]+@127\.0\.0\.1:5672\/arena-/);
    expect(a.workerCommand).toContain(`AMQP_URL='${a.brokerUrl}'`);

    const conn = await tryConnect(a.brokerUrl);
    if (conn instanceof Error) {
      throw conn;
    }
    try {
      expect(await refused(conn, (ch) => ch.assertQueue('arena.jobs', JOB_QUEUE_OPTIONS))).toBe(false);
      expect(await refused(conn, (ch) => ch.consume('arena.jobs', () => undefined))).toBe(false);
      // Not allowed: configuring another queue, or publishing anything (results go to the API over HTTP).
      expect(await refused(conn, (ch) => ch.assertQueue('something-else', { durable: true }))).toBe(true);
      expect(
        await refused(conn, async (ch) => {
          ch.sendToQueue('arena.jobs', Buffer.from('{}'));
          await ch.waitForConfirms();
        }),
      ).toBe(true);
    } finally {
      await conn.close();
    }

    // A's credentials on B's vhost (read, publish or configure there) are refused at connection.
    const onB = new URL(a.brokerUrl);
    onB.pathname = `/${encodeURIComponent(b.vhost)}`;
    const cross = await tryConnect(onB.toString());
    expect(cross).toBeInstanceOf(Error);
    const onDefault = new URL(a.brokerUrl);
    onDefault.pathname = '/';
    expect(await tryConnect(onDefault.toString())).toBeInstanceOf(Error);
  });

  it('keeps queues private to their owner unless shared or public', async () => {
    const q = await createQueue(alice, 'private');
    expect((await bob.json('GET', `/api/queues/${q.id}`)).status).toBe(404);
    expect((await bob.json('POST', `/api/queues/${q.id}/rotate`)).status).toBe(404);
    expect((await new HttpClient(api.url).json('GET', `/api/queues/${q.id}`)).status).toBe(401);
    expect((await bob.json('GET', '/api/queues')).body.map((x: { id: string }) => x.id)).not.toContain(q.id);
    const bobName = (await bob.json('GET', '/api/auth/me')).body.username;
    expect((await alice.json('POST', `/api/queues/${q.id}/shares`, { username: bobName })).status).toBe(204);
    const seen = await bob.json('GET', `/api/queues/${q.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ isOwner: false, depth: { ready: 0 } });
    expect((await bob.json('DELETE', `/api/queues/${q.id}`)).status).toBe(403);
  });

  it('rotation disables the old credentials; revocation disables all', async () => {
    const q = await createQueue(alice, 'rotating');
    const old = await tryConnect(q.brokerUrl);
    if (old instanceof Error) {
      throw old;
    }
    const closedByBroker = new Promise<boolean>((r) => old.once('close', () => r(true)));
    const rotated = await alice.json('POST', `/api/queues/${q.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.brokerUrl).not.toBe(q.brokerUrl);
    await expect(Promise.race([closedByBroker, new Promise((r) => setTimeout(() => r(false), 10_000))])).resolves.toBe(
      true,
    );
    expect(await tryConnect(q.brokerUrl)).toBeInstanceOf(Error);
    const fresh = await tryConnect(rotated.body.brokerUrl);
    if (fresh instanceof Error) {
      throw fresh;
    }
    await fresh.close();
    expect((await alice.json('DELETE', `/api/queues/${q.id}/credentials`)).status).toBe(204);
    expect(await tryConnect(rotated.body.brokerUrl)).toBeInstanceOf(Error);
  });

  it("sends a competition's jobs to its queue, where a worker holding only that queue's credentials scores them", async () => {
    const q = await createQueue(alice, 'scoring');
    const competition = (
      await alice.upload('/api/competitions', 'bundle', await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip')))
    ).body;
    await alice.publish(competition.id);
    expect((await bob.json('PUT', `/api/competitions/${competition.id}/queue`, { queueId: q.id })).status).toBe(404);
    expect((await alice.json('PUT', `/api/competitions/${competition.id}/queue`, { queueId: q.id })).status).toBe(204);
    const participant = await new HttpClient(api.url).signUp(`p${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));

    // First submission: the job waits in the organizer's vhost (depth 1), not on the platform queue.
    const first = await participant.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
    expect(first.status).toBe(201);
    const conn = await amqp.connect(q.brokerUrl);
    const ch = await conn.createChannel();
    await ch.assertQueue('arena.jobs', JOB_QUEUE_OPTIONS);
    let msg: amqp.GetMessage | false = false;
    for (let i = 0; i < 50 && !msg; i++) {
      msg = await ch.get('arena.jobs', { noAck: false });
      if (!msg) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(msg && parseScoreJob(msg.content).submissionId).toBe(first.body.id);
    if (msg) {
      ch.nack(msg, false, true);
    }
    await ch.close();
    await conn.close();

    const worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: api.url,
        AMQP_URL: q.brokerUrl,
        WORKER_NAME: `lab-${randomBytes(3).toString('hex')}`,
        WORKER_WORK_DIR: join(tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'warn',
      }),
    );
    try {
      const deadline = Date.now() + 60_000;
      let sub = first.body;
      while (sub.status !== 'finished' && sub.status !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        sub = (await participant.json('GET', `/api/submissions/${first.body.id}`)).body;
      }
      expect(sub.status, JSON.stringify(sub)).toBe('finished');
      expect(sub.scores.accuracy).toBeCloseTo(0.84, 10);
      expect(sub.runs[0].workerName).toMatch(/^lab-/);
    } finally {
      await worker.stop();
    }

    // Deleting the queue sends the competition back to the default queue; its vhost goes.
    expect((await alice.json('DELETE', `/api/queues/${q.id}`)).status).toBe(204);
    expect((await alice.json('GET', `/api/competitions/${competition.id}`)).body.organizerSettings.queueId).toBeNull();
    expect(await vhostExists(q.vhost)).toBe(false);
  });
});
