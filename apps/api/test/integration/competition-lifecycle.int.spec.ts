import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { countStoredObjects } from '../support/stored-objects';
import { TEST_ENV } from '../support/test-env';

const storages = [
  { name: 'local filesystem', env: (): Record<string, string> => ({}) },
  {
    name: 'S3 (Ceph radosgw)',
    env: (): Record<string, string> => ({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-lifecycle-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    }),
  },
];

/** Tables that hold a competition's rows (directly or through its phases, submissions, runs, boards). */
const COMPETITION_TABLES = [
  'competitions',
  'competition_pages',
  'tasks',
  'phases',
  'leaderboards',
  'participants',
  'submissions',
  'runs',
  'leaderboard_entries',
  'leaderboard_versions',
  'leaderboard_picks',
  'leaderboard_arrivals',
  'run_log_chunks',
  'teams',
  'team_members',
  'competition_collaborators',
  'competition_queues',
  'entrant_pseudonyms',
  'phase_file_downloads',
  'datasets',
  'storage_deletions',
];

describe.each(storages)('deleting a competition on $name storage', ({ env }) => {
  let fx: ArenaFixture;
  let storageEnv: Record<string, string>;
  let organizer: HttpClient;
  let collaborator: HttpClient;
  let participant: HttpClient;

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const t of COMPETITION_TABLES) {
      counts[t] = (await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
    }
    return counts;
  };
  const put = async (path: string, token: string, body: string | Buffer, type: string) => {
    const res = await fetch(fx.api.url + path, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    expect(res.status).toBeLessThan(300);
  };
  /** A worker's whole report: output zip, both logs, scores. */
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
    await fx.boardsTookIn();
  };

  beforeAll(async () => {
    storageEnv = env();
    fx = await ArenaFixture.start(storageEnv);
    if (!storageEnv.S3_BUCKET) {
      storageEnv = { STORAGE_DIR: join(fx.tmp, 's') };
    }
    organizer = await fx.user('org');
    collaborator = await fx.user('col');
    participant = await fx.user('par');
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('refuses while a run is in flight, then removes every row and every stored object, keeping datasets another competition uses', async () => {
    const a = await fx.competition(organizer);
    await organizer.json('POST', `/api/competitions/${a.id}/collaborators`, {
      username: (await collaborator.json('GET', '/api/auth/me')).body.username,
    });
    await fx.register(participant, a.id);
    const first = await fx.submit(participant, a.phaseId);
    await finishWithFiles(first.body.id);
    // A second competition built from the first one's light export names its datasets by key: they must stay.
    const light = join(fx.tmp, `light-${randomBytes(3).toString('hex')}.zip`);
    const exported = await organizer.raw(`/api/competitions/${a.id}/bundle?light=true`);
    expect(exported.status).toBe(200);
    await writeFile(light, Buffer.from(await exported.arrayBuffer()));
    const b = await organizer.upload('/api/competitions', 'bundle', light);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const shared = await fx.db.query<{ id: string }>(
      'SELECT scoring_program_id AS id FROM tasks WHERE competition_id = $1',
      [b.body.id],
    );

    // In flight: a queued run.
    const second = await fx.submit(participant, a.phaseId);
    expect(second.status).toBe(201);
    const before = await rowCounts();
    const objectsBefore = await countStoredObjects(storageEnv);
    const refused = await organizer.json('DELETE', `/api/competitions/${a.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('1 run(s) queued or running');
    expect(await rowCounts()).toEqual(before);
    expect(await countStoredObjects(storageEnv)).toBe(objectsBefore);

    // Only the creator (or an admin) deletes: a collaborator organizes but may not; a participant may not either.
    await finishWithFiles(second.body.id);
    expect((await collaborator.json('DELETE', `/api/competitions/${a.id}`)).status).toBe(403);
    expect((await participant.json('DELETE', `/api/competitions/${a.id}`)).status).toBe(403);
    expect((await fx.anon.json('DELETE', `/api/competitions/${a.id}`)).status).toBe(401);

    expect((await organizer.json('DELETE', `/api/competitions/${a.id}`)).status).toBe(204);
    expect((await organizer.json('GET', `/api/competitions/${a.id}`)).status).toBe(404);
    expect((await participant.json('GET', `/api/submissions/${first.body.id}`)).status).toBe(404);
    const left = await fx.db.query<{ id: string }>('SELECT id FROM datasets');
    expect(left.map((d) => d.id)).toEqual(expect.arrayContaining(shared.map((d) => d.id)));
    const [{ n }] = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions');
    expect(n).toBe(0);
    // The second competition still runs on the datasets it shares.
    expect((await organizer.json('GET', `/api/competitions/${b.body.id}`)).status).toBe(200);

    expect((await organizer.json('DELETE', `/api/competitions/${b.body.id}`)).status).toBe(204);
    const after = await rowCounts();
    expect(Object.entries(after).filter(([, count]) => count !== 0)).toEqual([]);
    expect(await countStoredObjects(storageEnv)).toBe(0);
    expect((await organizer.json('DELETE', `/api/competitions/${b.body.id}`)).status).toBe(404);
  });
});

describe('archiving, and participants deleting their own submissions', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let participant: HttpClient;
  let c: { id: string; phaseId: string };

  const used = async () => {
    const mine = (await participant.json('GET', '/api/me/storage')).body.competitions as {
      competitionId: string;
      usedBytes: number;
      submissions: number;
    }[];
    return mine.find((x) => x.competitionId === c.id);
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    participant = await fx.user('par');
    // Force_Last (the example's rule) keeps the last finished submission on the board; a second board lets the
    // participant choose and take back (Add_And_Delete).
    c = await fx.competition(organizer, [
      [
        'leaderboards:\n',
        'leaderboards:\n  - title: Chosen\n    key: chosen\n    submission_rule: Add_And_Delete\n    columns:\n      - title: Accuracy\n        key: accuracy\n        index: 0\n',
      ],
    ]);
    await fx.register(participant, c.id);
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('lets a participant delete their own submission unless a board keeps it, and their storage use follows', async () => {
    const first = (await fx.submit(participant, c.phaseId)).body.id as string;
    // In flight: not yet.
    expect((await participant.json('DELETE', `/api/submissions/${first}`)).status).toBe(409);
    await fx.finishAs(first, 'finished');
    const second = (await fx.submit(participant, c.phaseId)).body.id as string;
    await fx.finishAs(second, 'finished');
    expect(await used()).toMatchObject({ submissions: 2 });
    const size = (await used())!.usedBytes / 2;

    // The last one is on the Force_Last board: kept.
    const kept = await participant.json('DELETE', `/api/submissions/${second}`);
    expect(kept.status).toBe(409);
    expect(kept.body.message).toContain('whose rule Force_Last keeps it there');
    // The first was replaced on the Force_Last board; put on the Add board, it must come off first.
    expect((await participant.json('POST', `/api/submissions/${first}/leaderboard?key=chosen`)).status).toBe(200);
    const picked = await participant.json('DELETE', `/api/submissions/${first}`);
    expect(picked.status).toBe(409);
    expect(picked.body.message).toContain('take it off first');
    expect((await participant.json('DELETE', `/api/submissions/${first}/leaderboard?key=chosen`)).status).toBe(200);

    // Someone else's: absent.
    const stranger = await fx.user('str');
    expect((await stranger.json('DELETE', `/api/submissions/${first}`)).status).toBe(404);
    expect((await participant.json('DELETE', `/api/submissions/${first}`)).status).toBe(204);
    expect((await participant.json('GET', `/api/submissions/${first}`)).status).toBe(404);
    expect(await used()).toMatchObject({ submissions: 1, usedBytes: size });
    const [{ n }] = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE id = $1', [
      first,
    ]);
    expect(n).toBe(0);
  });

  it('archives a competition: read-only, boards and results kept, no submission, registration or edit; then active again', async () => {
    const board = async () =>
      (await fx.anon.json('GET', `/api/phases/${c.phaseId}/leaderboard`)).body.leaderboards.find(
        (b: { key: string }) => b.key === 'main',
      ).rows.length;
    const rows = await board();
    expect(rows).toBe(1);
    expect((await participant.json('POST', `/api/competitions/${c.id}/archive`)).status).toBe(403);
    const archived = await organizer.json('POST', `/api/competitions/${c.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await fx.anon.json('GET', `/api/competitions/${c.id}`)).body.archivedAt).not.toBeNull();

    const refused = await fx.submit(participant, c.phaseId);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('is archived');
    const newcomer = await fx.user('new');
    expect((await newcomer.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true })).status).toBe(
      409,
    );
    expect((await organizer.json('PATCH', `/api/competitions/${c.id}`, { hideChart: true })).status).toBe(409);
    const [{ id: last }] = await fx.db.query<{ id: string }>('SELECT id FROM submissions WHERE competition_id = $1', [
      c.id,
    ]);
    expect((await participant.json('DELETE', `/api/submissions/${last}`)).status).toBe(409);
    // Reads go on.
    expect(await board()).toBe(rows);
    expect((await participant.json('GET', `/api/submissions/${last}`)).status).toBe(200);
    expect((await fx.anon.json('GET', '/api/competitions')).body.map((x: { id: string }) => x.id)).toContain(c.id);

    const active = await organizer.json('DELETE', `/api/competitions/${c.id}/archive`);
    expect(active.status).toBe(200);
    expect(active.body.archivedAt).toBeNull();
    const again = await fx.submit(participant, c.phaseId);
    expect(again.status).toBe(201);
  });
});
