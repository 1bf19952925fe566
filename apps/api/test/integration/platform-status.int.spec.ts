import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { takeJob } from '../support/take-job';
import { TEST_ENV } from '../support/test-env';

/** The public status page (the platform's queue and shared queues) and a competition's queue for its organizers. */
describe('status page', () => {
  let fx: ArenaFixture;
  let owner: HttpClient;
  let other: HttpClient;
  let participant: HttpClient;
  let competitionId: string;
  const queues: string[] = [];
  /** The public answer is cached for 5 s: a changed state shows after that. */
  const publicStatus = async (waitForCache = true) => {
    if (waitForCache) {
      await new Promise((r) => setTimeout(r, 5_200));
    }
    const r = await fx.anon.json('GET', '/api/status');
    expect(r.status).toBe(200);
    return r;
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start({ RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl });
    owner = await fx.user('own');
    other = await fx.user('oth');
    participant = await fx.user('par');
    const c = await fx.competition(owner);
    competitionId = c.id;
    const elsewhere = await fx.competition(other);
    await fx.register(participant, c.id);
    await fx.register(participant, elsewhere.id);
    for (const phaseId of [c.phaseId, c.phaseId, elsewhere.phaseId]) {
      expect((await fx.submit(participant, phaseId)).status).toBe(201);
    }
  });

  afterAll(async () => {
    for (const id of queues) {
      await owner.json('DELETE', `/api/queues/${id}`);
    }
    await fx?.stop();
  });

  it("shows anyone the platform queue's jobs waiting and running, its workers and the last hour's median wait", async () => {
    const before = (await publicStatus(false)).body;
    expect(before.queues).toEqual([
      {
        label: 'Platform queue',
        jobsWaiting: 3,
        jobsRunning: 0,
        workersOnline: 0,
        startedLastHour: 0,
        medianWaitSecLastHour: null,
      },
    ]);
    // A worker takes one job and starts it.
    const job = await takeJob(fx.queue, 20_000);
    const started = await fx.anon
      .as(job.token)
      .json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w1' });
    expect(started.status).toBe(200);
    await fx.db.query("UPDATE runs SET created_at = started_at - interval '42 seconds' WHERE id = $1", [job.runId]);
    const after = (await publicStatus()).body.queues[0];
    expect(after).toMatchObject({ jobsWaiting: 2, jobsRunning: 1, startedLastHour: 1 });
    expect(after.medianWaitSecLastHour).toBeCloseTo(42, 3);
  });

  it('numbers shared organizer queues without their names, and leaves private ones out', async () => {
    const shared = await owner.json('POST', '/api/queues', { name: 'secret lab box', isPublic: true });
    const mine = await owner.json('POST', '/api/queues', { name: 'hidden home box' });
    expect([shared.status, mine.status]).toEqual([201, 201]);
    queues.push(shared.body.id, mine.body.id);
    const r = await publicStatus();
    expect(r.body.queues.map((q: { label: string }) => q.label)).toEqual(['Platform queue', 'Shared queue 1']);
    expect(r.body.queues[1]).toMatchObject({ jobsWaiting: 0, jobsRunning: 0, workersOnline: 0 });
    const text = JSON.stringify(r.body);
    for (const secret of ['secret lab box', 'hidden home box', shared.body.id, mine.body.id, 'arena-', 'w1']) {
      expect(text).not.toContain(secret);
    }
  });

  it("gives a competition's organizers its own queue and its own share of the load, and nobody else", async () => {
    const path = `/api/competitions/${competitionId}/status`;
    const platform = await owner.json('GET', path);
    expect(platform.status).toBe(200);
    expect(platform.body.queue).toMatchObject({
      queueName: 'Platform queue',
      platformQueue: true,
      jobsWaiting: 2,
      jobsRunning: 1,
      workersOnline: 0,
    });
    // Two of the three jobs are this competition's; the one started is either.
    expect(platform.body.queue.competitionJobsWaiting + platform.body.queue.competitionJobsRunning).toBe(2);
    const [privateQueue] = queues.slice(1);
    expect(
      (await owner.json('PUT', `/api/competitions/${competitionId}/queue`, { queueId: privateQueue })).status,
    ).toBe(204);
    const own = await owner.json('GET', path);
    expect(own.body.queue).toMatchObject({
      queueName: 'hidden home box',
      platformQueue: false,
      jobsWaiting: 0,
      competitionJobsWaiting: 0,
    });
    expect((await participant.json('GET', path)).status).toBe(403);
    expect((await other.json('GET', path)).status).toBe(403);
    expect((await fx.anon.json('GET', path)).status).toBe(401);
  });
});
