import * as amqp from 'amqplib';
import { JOB_QUEUE_OPTIONS, parseScoreJob, type ScoreJob, workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { TEST_ENV } from '../support/test-env';

/** Takes the next job of an organizer queue with its broker URL, as that queue's worker would. */
async function takeFrom(brokerUrl: string): Promise<ScoreJob> {
  const conn = await amqp.connect(brokerUrl);
  try {
    const ch = await conn.createChannel();
    await ch.assertQueue('arena.jobs', JOB_QUEUE_OPTIONS);
    for (let i = 0; i < 100; i++) {
      const msg = await ch.get('arena.jobs', { noAck: false });
      if (msg) {
        ch.ack(msg);
        await ch.close();
        return parseScoreJob(msg.content);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no job on the organizer queue');
  } finally {
    await conn.close();
  }
}

/**
 * Issue 15, finding 4: a competition keeps sending jobs (and job tokens that fetch its reference data) to a queue
 * only while one of its organizers may use it. Removing the share, making the queue private or deleting it moves the
 * competition back to the platform's default queue, with its waiting and running jobs, and tells its organizers.
 */
describe('a queue that may no longer be used is unbound', () => {
  let fx: ArenaFixture;
  let o1: HttpClient;
  let o2: HttpClient;
  let participant: HttpClient;
  let o2Name: string;
  let o2Email: string;

  beforeAll(async () => {
    fx = await ArenaFixture.start({ RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl });
    o1 = await fx.user('qo');
    o2 = await fx.user('qb');
    participant = await fx.user('qp');
    o2Name = (await o2.json('GET', '/api/auth/me')).body.username as string;
    // Test accounts sign up as <username>@example.org.
    o2Email = `${o2Name}@example.org`;
  }, 60_000);
  afterAll(() => fx?.stop());

  const createQueue = async (name: string, isPublic = false) => {
    const r = await o1.json('POST', '/api/queues', { name, isPublic });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; vhost: string; brokerUrl: string };
  };
  const queueOf = async (competitionId: string) =>
    (
      await fx.db.query<{ queue_id: string }>('SELECT queue_id FROM competition_queues WHERE competition_id = $1', [
        competitionId,
      ])
    )[0]?.queue_id ?? null;
  const mailsTo = (email: string) =>
    fx.db.query<{ subject: string; body: string }>(
      'SELECT subject, body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at',
      [email],
    );

  it("removing a share moves the competition's waiting and running jobs to the default queue, and the queue's workers are refused", async () => {
    const q = await createQueue('lab box');
    expect((await o1.json('POST', `/api/queues/${q.id}/shares`, { username: o2Name })).status).toBe(204);
    const c = await fx.competition(o2);
    expect((await o2.json('PUT', `/api/competitions/${c.id}/queue`, { queueId: q.id })).status).toBe(204);
    await fx.register(participant, c.id);

    // One job runs on o1's worker, one waits in o1's vhost.
    const running = (await fx.submit(participant, c.phaseId)).body.id as string;
    const runningJob = await takeFrom(q.brokerUrl);
    expect(runningJob.submissionId).toBe(running);
    const worker = fx.anon.as(runningJob.token);
    expect(
      (await worker.json('POST', workerRoutes.start(runningJob.runId), { version: 1, workerName: 'o1-box' })).status,
    ).toBe(200);
    const waiting = (await fx.submit(participant, c.phaseId)).body.id as string;
    const waitingJob = await takeFrom(q.brokerUrl);
    expect(waitingJob.submissionId).toBe(waiting);

    expect((await o1.json('DELETE', `/api/queues/${q.id}/shares/${o2Name}`)).status).toBe(204);

    expect(await queueOf(c.id)).toBeNull();
    expect((await o2.json('GET', `/api/competitions/${c.id}`)).body.organizerSettings.queueId).toBeNull();
    // The tokens o1's worker holds no longer fetch o2's reference data, nor report.
    for (const job of [runningJob, waitingJob]) {
      const w = fx.anon.as(job.token);
      expect((await w.raw(workerRoutes.file(job.runId, 'reference_data'))).status).toBe(401);
      expect(
        (await w.json('POST', workerRoutes.heartbeat(job.runId), { version: 1, workerName: 'o1-box' })).status,
      ).toBe(401);
    }
    // Both jobs are published again on the platform's queue, under new tokens that work.
    for (const id of [running, waiting]) {
      const job = await fx.jobFor(id);
      expect(job.token).not.toBe(id === running ? runningJob.token : waitingJob.token);
      expect((await fx.anon.as(job.token).raw(workerRoutes.file(job.runId, 'reference_data'))).status).toBe(200);
    }
    const [{ n }] = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE vhost = $1`, [q.vhost]);
    expect(n).toBe(0);
    const mails = await mailsTo(o2Email);
    expect(mails.at(-1)?.subject).toContain("Jobs moved to the platform's default queue");
    expect(mails.at(-1)?.body).toContain('"lab box" is no longer shared');

    // New submissions go to the default queue.
    const next = (await fx.submit(participant, c.phaseId)).body.id as string;
    expect((await fx.jobFor(next)).submissionId).toBe(next);
    // o2 may not bind it again.
    expect((await o2.json('PUT', `/api/competitions/${c.id}/queue`, { queueId: q.id })).status).toBe(404);
  });

  it('revoking the public flag unbinds the competitions of other organizers, not those of the owner', async () => {
    const q = await createQueue('public box', true);
    const theirs = await fx.competition(o2);
    const own = await fx.competition(o1);
    expect((await o2.json('PUT', `/api/competitions/${theirs.id}/queue`, { queueId: q.id })).status).toBe(204);
    expect((await o1.json('PUT', `/api/competitions/${own.id}/queue`, { queueId: q.id })).status).toBe(204);

    expect((await o1.json('PATCH', `/api/queues/${q.id}`, { isPublic: false })).status).toBe(200);
    expect(await queueOf(theirs.id)).toBeNull();
    expect(await queueOf(own.id)).toBe(q.id);
    expect((await mailsTo(o2Email)).at(-1)?.body).toContain('"public box" is no longer public');
  });

  it("its owner may always delete a queue: competitions bound to it fall back to the default queue (was 409 'used by')", async () => {
    const q = await createQueue('old box');
    expect((await o1.json('POST', `/api/queues/${q.id}/shares`, { username: o2Name })).status).toBe(204);
    const theirs = await fx.competition(o2);
    const own = await fx.competition(o1);
    expect((await o2.json('PUT', `/api/competitions/${theirs.id}/queue`, { queueId: q.id })).status).toBe(204);
    expect((await o1.json('PUT', `/api/competitions/${own.id}/queue`, { queueId: q.id })).status).toBe(204);

    expect((await o1.json('DELETE', `/api/queues/${q.id}`)).status).toBe(204);
    expect(await queueOf(theirs.id)).toBeNull();
    expect(await queueOf(own.id)).toBeNull();
    expect((await o1.json('GET', `/api/queues/${q.id}`)).status).toBe(404);
    expect((await mailsTo(o2Email)).at(-1)?.body).toContain('"old box" was deleted by its owner');
  });
});
