import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';

// A second task with its own scoring program and data, a phase over both tasks, and a board with one column each.
const TWO_TASKS: [string, string][] = [
  [
    'phases:',
    `  - index: 1
    name: Labels again
    scoring_program: scoring_program
    reference_data: reference_data
phases:`,
  ],
  ['    tasks: [0]', '    tasks: [0, 1]'],
  ['        key: f1', '        key: recall'],
];

describe('a multi-task phase', () => {
  let fx: ArenaFixture;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('scores one submission on every task and gives it one row with the scores of all tasks', async () => {
    const organizer = await fx.user('org');
    const ada = await fx.user('ada');
    const c = await fx.competition(organizer, TWO_TASKS);
    await fx.register(ada, c.id);
    const id = (await fx.submit(ada, c.phaseId)).body.id;

    const first = await fx.jobFor(id);
    const runs = (await ada.json('GET', `/api/submissions/${id}`)).body.runs as { id: string; taskId: string }[];
    expect(runs).toHaveLength(2);
    expect(new Set(runs.map((r) => r.taskId)).size).toBe(2);
    const second = await fx.jobFor(id);
    expect(second.runId).not.toBe(first.runId);

    const report = (job: typeof first, scores: Record<string, number>) =>
      fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), {
        version: 1,
        status: 'finished',
        scores,
        exitCode: 0,
        elapsedMs: 5,
      });
    await report(first, { accuracy: 0.9 });
    // One task done: the submission waits for the other before it has scores.
    expect((await ada.json('GET', `/api/submissions/${id}`)).body).toMatchObject({ scores: null });
    expect((await ada.json('GET', `/api/submissions/${id}`)).body.status).not.toBe('finished');
    await report(second, { recall: 0.6 });
    await fx.boardsTookIn();

    const done = (await ada.json('GET', `/api/submissions/${id}`)).body;
    expect(done).toMatchObject({ status: 'finished', scores: { accuracy: 0.9, recall: 0.6 } });
    const board = (await ada.json('GET', `/api/phases/${c.phaseId}/leaderboard`)).body.leaderboards[0];
    expect(board.rows).toHaveLength(1);
    expect(board.rows[0]).toMatchObject({ submissionId: id, scores: { accuracy: 0.9, recall: 0.6 } });
  });
});
