import { type ScoreJob, workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import { BENCHMARK_EDITS, BENCHMARK_FILES } from '../support/benchmark-bundle';
import type { HttpClient } from '../support/http-client';

describe('benchmark mode: a task added to a phase later', () => {
  let fx: ArenaFixture;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });

  afterAll(async () => {
    await fx?.stop();
  });

  async function report(job: ScoreJob, result: object): Promise<void> {
    const r = await fx.anon
      .as(job.token)
      .json('POST', workerRoutes.result(job.runId), { version: 1, exitCode: 0, elapsedMs: 5, ...result });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  async function board(client: HttpClient, phaseId: string) {
    const r = await client.json('GET', `/api/phases/${phaseId}/leaderboard`);
    expect(r.status).toBe(200);
    return r.body.leaderboards[0].rows as {
      submissionId: string;
      scores: Record<string, number | null>;
      pendingTasks?: string[];
    }[];
  }

  it('runs the kept submissions on the new task, marks them pending, merges their scores, and keeps history', async () => {
    const organizer = await fx.user('org');
    const c = await fx.competition(organizer, BENCHMARK_EDITS, 'public', BENCHMARK_FILES);
    const people = [await fx.user('ada'), await fx.user('bob'), await fx.user('cy')];
    const ids: string[] = [];
    for (const p of people) {
      await fx.register(p, c.id);
      const id = (await fx.submit(p, c.phaseId)).body.id as string;
      ids.push(id);
      await report(await fx.jobFor(id), { status: 'finished', scores: { accuracy: 0.5 + ids.length / 10 } });
    }
    // Ada's first submission is replaced on the board (Force_Last) by a second one: only the kept one is re-run.
    const replaced = ids[0];
    ids[0] = (await fx.submit(people[0], c.phaseId)).body.id as string;
    await report(await fx.jobFor(ids[0]), { status: 'finished', scores: { accuracy: 0.95 } });
    await fx.boardsTookIn();
    const before = (await people[0].json('GET', `/api/phases/${c.phaseId}/limits`)).body;

    // Participants may not add tasks; a bad body is named.
    expect((await people[1].json('POST', `/api/phases/${c.phaseId}/tasks`, { taskIndex: 1 })).status).toBe(403);
    const bad = await organizer.json('POST', `/api/phases/${c.phaseId}/tasks`, { taskIndex: 1, submissions: 'some' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('submissions');
    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/tasks`, { taskIndex: 7 })).status).toBe(404);

    const added = await organizer.json('POST', `/api/phases/${c.phaseId}/tasks`, { taskIndex: 1 });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ phaseId: c.phaseId, taskIndex: 1, runs: 3 });
    const taskId = added.body.taskId as string;
    // Added again: refused, and no second run.
    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/tasks`, { taskIndex: 1 })).status).toBe(409);

    let rows = await board(people[1], c.phaseId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.pendingTasks?.join() === taskId && r.scores.recall === null)).toBe(true);

    const jobs = new Map<string, ScoreJob>();
    for (const id of ids) {
      const job = await fx.jobFor(id);
      expect(job.taskId).toBe(taskId);
      jobs.set(id, job);
    }
    await report(jobs.get(ids[0])!, { status: 'finished', scores: { recall: 0.7 } });
    await report(jobs.get(ids[1])!, { status: 'finished', scores: { recall: 0.4 } });
    await report(jobs.get(ids[2])!, {
      status: 'failed',
      failure: { code: 'program_error', message: 'no recall today' },
    });
    await fx.boardsTookIn();

    rows = await board(people[1], c.phaseId);
    const byId = new Map(rows.map((r) => [r.submissionId, r]));
    expect(byId.get(ids[0])).toMatchObject({ scores: { accuracy: 0.95, recall: 0.7 } });
    expect(byId.get(ids[1])).toMatchObject({ scores: { recall: 0.4 } });
    expect(byId.get(ids[2])!.scores.recall).toBeNull();
    expect(rows.some((r) => r.pendingTasks)).toBe(false);
    // The submissions stay finished with their merged scores; the replaced one was not run; limits untouched.
    const mine = (await people[0].json('GET', `/api/submissions/${ids[0]}`)).body;
    expect(mine).toMatchObject({ status: 'finished', scores: { accuracy: 0.95, recall: 0.7 } });
    expect(mine.runs).toHaveLength(2);
    expect((await people[0].json('GET', `/api/submissions/${replaced}`)).body.runs).toHaveLength(1);
    expect((await people[2].json('GET', `/api/submissions/${ids[2]}`)).body.status).toBe('finished');
    const after = (await people[0].json('GET', `/api/phases/${c.phaseId}/limits`)).body;
    expect(after.perDay.count).toBe(before.perDay.count);
    expect(after.total.count).toBe(before.total.count);

    // Taken off the phase: the task's scores stay on the board as history; new submissions run on task 0 only.
    expect((await people[1].json('DELETE', `/api/phases/${c.phaseId}/tasks/${taskId}`)).status).toBe(403);
    const removed = await organizer.json('DELETE', `/api/phases/${c.phaseId}/tasks/${taskId}`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body).toMatchObject({ taskId, cancelledRuns: 0 });
    await fx.boardsTookIn();
    rows = await board(people[1], c.phaseId);
    expect(rows.find((r) => r.submissionId === ids[0])).toMatchObject({ scores: { recall: 0.7 } });
    const last = (await fx.submit(people[1], c.phaseId)).body.id as string;
    expect((await fx.jobFor(last)).taskId).not.toBe(taskId);
    expect((await people[1].json('GET', `/api/submissions/${last}`)).body.runs).toHaveLength(1);
  });

  it('with `all`, runs every submission that did not fail, in flight ones included', async () => {
    const organizer = await fx.user('org');
    const c = await fx.competition(organizer, BENCHMARK_EDITS, 'public', BENCHMARK_FILES);
    const ada = await fx.user('ada');
    await fx.register(ada, c.id);
    const first = (await fx.submit(ada, c.phaseId)).body.id as string;
    await report(await fx.jobFor(first), { status: 'finished', scores: { accuracy: 0.5 } });
    const second = (await fx.submit(ada, c.phaseId)).body.id as string;
    const secondJob = await fx.jobFor(second);
    const added = await organizer.json('POST', `/api/phases/${c.phaseId}/tasks`, {
      taskIndex: 1,
      submissions: 'all',
    });
    expect(added.body).toMatchObject({ runs: 2 });
    // The one in flight waits for its new run too before it finishes.
    await report(secondJob, { status: 'finished', scores: { accuracy: 0.6 } });
    expect((await ada.json('GET', `/api/submissions/${second}`)).body.status).not.toBe('finished');
    await report(await fx.jobFor(second), { status: 'finished', scores: { recall: 0.3 } });
    await report(await fx.jobFor(first), { status: 'finished', scores: { recall: 0.2 } });
    await fx.boardsTookIn();
    expect((await ada.json('GET', `/api/submissions/${second}`)).body).toMatchObject({
      status: 'finished',
      scores: { accuracy: 0.6, recall: 0.3 },
    });
    expect((await ada.json('GET', `/api/submissions/${first}`)).body.scores).toEqual({ accuracy: 0.5, recall: 0.2 });
  });
});
