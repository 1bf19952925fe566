import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SafeZip } from '@arena/safe-zip';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

describe('organizer submission tools: re-run, delete, exports', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let adaName: string;
  let stranger: HttpClient;
  let competitionId: string;
  let phaseId: string;

  const stored = (key: string) => existsSync(join(fx.tmp, 's', key));
  const put = async (path: string, token: string, body: string | Buffer, type: string) => {
    const res = await fetch(fx.api.url + path, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    expect(res.status).toBeLessThan(300);
  };
  /** Ends a submission as a worker would, with an output zip and both logs stored. */
  const finishWithFiles = async (submissionId: string) => {
    const job = await fx.jobFor(submissionId);
    await put(workerRoutes.output(job.runId), job.token, await readFile(fx.resultsZip), 'application/zip');
    await put(workerRoutes.logs(job.runId, 'stdout'), job.token, 'scored\n', 'text/plain');
    await put(workerRoutes.logs(job.runId, 'stderr'), job.token, 'warn\n', 'text/plain');
    const r = await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 0.5, f1: 0.5 },
      exitCode: 0,
      elapsedMs: 10,
    });
    expect(r.body).toMatchObject({ stored: true });
    return job.runId;
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ({ id: competitionId, phaseId } = await fx.competition(organizer, [
      ['max_submissions: 1000', 'max_submissions: 2'],
    ]));
    adaName = `ada${Date.now().toString(36)}`;
    ada = await fx.anon.signUp(adaName);
    stranger = await fx.user('eve');
    await fx.register(ada, competitionId);
    await fx.register(stranger, competitionId);
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('re-runs one submission as a new one of the same file, owner and team, not counted against limits', async () => {
    const first = await fx.submit(ada, phaseId, { description: 'first' });
    expect(first.status).toBe(201);
    await fx.finishAs(first.body.id, 'finished');
    const second = await fx.submit(ada, phaseId);
    expect(second.status).toBe(201);
    await fx.finishAs(second.body.id, 'finished');

    expect((await ada.json('POST', `/api/submissions/${first.body.id}/rerun`)).status).toBe(403);
    expect((await stranger.json('POST', `/api/submissions/${first.body.id}/rerun`)).status).toBe(404);
    const elsewhere = await fx.competition(organizer);
    const wrongPhase = await organizer.json('POST', `/api/submissions/${first.body.id}/rerun`, {
      phaseId: elsewhere.phaseId,
    });
    expect(wrongPhase.status).toBe(404);
    const rerun = await organizer.json('POST', `/api/submissions/${first.body.id}/rerun`);
    expect(rerun.status).toBe(201);
    expect(rerun.body).toMatchObject({ rerunOf: first.body.id, description: 'first', fileSize: first.body.fileSize });
    expect(rerun.body.id).not.toBe(first.body.id);
    expect(['submitted', 'queued']).toContain(rerun.body.status);
    const job = await fx.jobFor(rerun.body.id);
    expect(job).toMatchObject({ submissionId: rerun.body.id, phaseId });
    // The job serves the very file the participant uploaded.
    const file = await fx.anon.as(job.token).raw(workerRoutes.file(job.runId, 'submission'));
    expect(Buffer.from(await file.arrayBuffer())).toEqual(await readFile(fx.resultsZip));
    const done = await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 0.5, f1: 0.5 },
      exitCode: 0,
      elapsedMs: 10,
    });
    expect(done.body).toMatchObject({ stored: true });

    const mine = await ada.json('GET', `/api/submissions/${rerun.body.id}`);
    expect(mine).toMatchObject({ status: 200, body: { rerunOf: first.body.id, status: 'finished' } });
    // Two uploads used the total limit of 2; the re-run did not count.
    const usage = await ada.json('GET', `/api/phases/${phaseId}/limits`);
    expect(usage.body.total).toEqual({ max: 2, count: 2 });
  });

  it('keeps the team of a team submission in its re-run', async () => {
    const team = await stranger.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'Rerunners' });
    expect(team.status).toBe(201);
    const up = await fx.submit(stranger, phaseId, { teamId: team.body.id });
    expect(up.status).toBe(201);
    await fx.finishAs(up.body.id, 'finished');
    const rerun = await organizer.json('POST', `/api/submissions/${up.body.id}/rerun`);
    expect(rerun).toMatchObject({ status: 201, body: { teamId: team.body.id, rerunOf: up.body.id } });
    await fx.finishAs(rerun.body.id, 'finished');
    expect((await stranger.json('GET', `/api/submissions/${rerun.body.id}`)).status).toBe(200);
  });

  it('re-runs every ended submission of a phase, organizers only', async () => {
    const before = await organizer.json('GET', `/api/phases/${phaseId}/submissions?limit=100`);
    const ended = before.body.filter((s: { status: string }) => ['finished', 'failed'].includes(s.status));
    expect((await ada.json('POST', `/api/phases/${phaseId}/rerun`)).status).toBe(403);
    expect((await organizer.json('POST', `/api/phases/${phaseId}/rerun`, { statuses: [] })).status).toBe(400);
    expect((await organizer.json('POST', `/api/phases/${phaseId}/rerun`, { statuses: ['running'] })).status).toBe(400);
    const none = await organizer.json('POST', `/api/phases/${phaseId}/rerun`, { statuses: ['cancelled'] });
    expect(none).toMatchObject({ status: 201, body: { count: 0, submissions: [] } });
    const r = await organizer.json('POST', `/api/phases/${phaseId}/rerun`);
    expect(r.status).toBe(201);
    expect(r.body.count).toBe(ended.length);
    expect(r.body.submissions.map((s: { rerunOf: string }) => s.rerunOf).sort()).toEqual(
      ended.map((s: { id: string }) => s.id).sort(),
    );
    for (const s of r.body.submissions) {
      await fx.finishAs(s.id, 'finished');
    }
  });

  it('deletes a submission with its file, outputs and logs; refuses while it is being scored', async () => {
    const up = await organizer.upload(`/api/phases/${phaseId}/submissions`, 'file', fx.resultsZip);
    expect(up.status).toBe(201);
    const id = up.body.id;
    expect((await organizer.json('DELETE', `/api/submissions/${id}`)).status).toBe(409);
    const runId = await finishWithFiles(id);
    const keys = [
      `submissions/${id}.zip`,
      `runs/${runId}/output.zip`,
      `runs/${runId}/stdout.txt`,
      `runs/${runId}/stderr.txt`,
    ];
    expect(keys.map(stored)).toEqual([true, true, true, true]);

    expect((await stranger.json('DELETE', `/api/submissions/${id}`)).status).toBe(404);
    expect((await organizer.json('DELETE', `/api/submissions/${id}`)).status).toBe(204);
    expect(keys.map(stored)).toEqual([false, false, false, false]);
    expect((await organizer.json('GET', `/api/submissions/${id}`)).status).toBe(404);
    const [{ n }] = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM runs WHERE submission_id = $1', [
      id,
    ]);
    expect(n).toBe(0);
    expect((await organizer.json('DELETE', `/api/submissions/${id}`)).status).toBe(404);
  });

  it('keeps a file that a re-run still uses when the original is deleted', async () => {
    const up = await organizer.upload(`/api/phases/${phaseId}/submissions`, 'file', fx.resultsZip);
    await fx.finishAs(up.body.id, 'finished');
    const rerun = await organizer.json('POST', `/api/submissions/${up.body.id}/rerun`);
    await fx.finishAs(rerun.body.id, 'finished');
    expect((await organizer.json('DELETE', `/api/submissions/${up.body.id}`)).status).toBe(204);
    expect(stored(`submissions/${up.body.id}.zip`)).toBe(true);
    expect((await organizer.json('GET', `/api/submissions/${rerun.body.id}`)).body.rerunOf).toBeNull();
    expect((await organizer.json('DELETE', `/api/submissions/${rerun.body.id}`)).status).toBe(204);
    expect(stored(`submissions/${up.body.id}.zip`)).toBe(false);
  });

  it('streams all submission files of a phase as one zip named <username>/<id>.zip', async () => {
    expect((await ada.raw(`/api/phases/${phaseId}/submissions/export`)).status).toBe(403);
    expect((await fx.anon.raw(`/api/phases/${phaseId}/submissions/export`)).status).toBe(401);
    const res = await organizer.raw(`/api/phases/${phaseId}/submissions/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/zip');
    const path = join(fx.tmp, 'all.zip');
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    const zip = await SafeZip.open(path);
    const listed = await organizer.json('GET', `/api/phases/${phaseId}/submissions?limit=100`);
    const expected = listed.body.map((s: { id: string }) => s.id);
    const names = zip.entries.map((e) => e.name);
    expect(names).toHaveLength(expected.length);
    for (const id of expected) {
      expect(names.some((n) => n.endsWith(`/${id}.zip`))).toBe(true);
    }
    const adaEntry = zip.entries.find((e) => e.name.startsWith(`${adaName}/`));
    expect(adaEntry?.size).toBe((await readFile(fx.resultsZip)).length);
    zip.close();
  });

  it('exports submissions and participants as RFC 4180 CSV with a header row', async () => {
    const tricky = 'with, comma and "quotes"\r\nand a newline';
    const up = await fx.submit(stranger, phaseId, { description: tricky });
    expect(up.status).toBe(201);

    expect((await ada.raw(`/api/competitions/${competitionId}/submissions/export`)).status).toBe(403);
    const res = await organizer.raw(`/api/competitions/${competitionId}/submissions/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    expect(
      text.startsWith(
        'id,phase,username,team,status,description,file_size,scores,fact_sheet,rerun_of,public,created_at,finished_at\r\n',
      ),
    ).toBe(true);
    expect(text).toContain(`${up.body.id},Development,`);
    expect(text).toContain('"with, comma and ""quotes""\r\nand a newline"');
    const listed = await organizer.json('GET', `/api/phases/${phaseId}/submissions?limit=100`);
    for (const s of listed.body) {
      expect(text).toContain(s.id);
    }

    expect((await stranger.raw(`/api/competitions/${competitionId}/participants/export`)).status).toBe(403);
    const p = await organizer.raw(`/api/competitions/${competitionId}/participants/export`);
    expect(p.status).toBe(200);
    const lines = (await p.text()).split('\r\n');
    expect(lines[0]).toBe('username,email,status,terms_accepted_at,registered_at');
    expect(lines.find((l) => l.startsWith(`${adaName},${adaName}@example.org,approved,`))).toBeDefined();
    expect(lines.filter(Boolean)).toHaveLength(3);
  });
});
