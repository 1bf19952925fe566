import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CompetitionsRepository } from '../../src/competitions/competitions.repository';
import { writeZip } from '@arena/bundle/testing/bundle-fixture';
import { typicalV1Files } from '@arena/bundle/testing/v1-bundle.fixture';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

describe('competition edits through the API', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let organizer: HttpClient;
  let organizerToken: string;
  let stranger: HttpClient;
  let bundleZip: string;
  let id: string;
  let phaseId: string;

  const yamlOf = async (): Promise<string> => {
    const res = await organizer.raw(`/api/competitions/${id}/yaml`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const putYaml = async (yaml: string, asText = true): Promise<{ status: number; body: any }> => {
    if (!asText) {
      return organizer.json('PUT', `/api/competitions/${id}/yaml`, { yaml });
    }
    const res = await fetch(`${api.url}/api/competitions/${id}/yaml`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${organizerToken}`, 'content-type': 'application/yaml' },
      body: yaml,
    });
    return { status: res.status, body: await res.json() };
  };
  const rowIds = async () => ({
    phases: (
      await db.query<{ id: string }>('SELECT id FROM phases WHERE competition_id = $1 ORDER BY index', [id])
    ).map((r) => r.id),
    tasks: (await db.query<{ id: string }>('SELECT id FROM tasks WHERE competition_id = $1 ORDER BY index', [id])).map(
      (r) => r.id,
    ),
    boards: (
      await db.query<{ id: string }>('SELECT id FROM leaderboards WHERE competition_id = $1 ORDER BY index', [id])
    ).map((r) => r.id),
  });

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-edit-'));
    db = await createTestDatabase();
    queue = `arena.edit.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
    });
    const anon = new HttpClient(api.url);
    const name = `org${randomBytes(3).toString('hex')}`;
    const signed = await anon.json('POST', '/api/auth/signup', {
      email: `${name}@example.org`,
      username: name,
      password: 'correct horse battery',
    });
    organizerToken = signed.body.token;
    organizer = anon.as(organizerToken);
    stranger = await anon.signUp(`eve${randomBytes(3).toString('hex')}`);
    bundleZip = await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip'));
  });

  beforeEach(async () => {
    const created = await organizer.upload('/api/competitions', 'bundle', bundleZip);
    await organizer.publish(created);
    expect(created.status).toBe(201);
    id = created.body.id;
    phaseId = created.body.phases[0].id;
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it('replaces the whole competition.yaml, as text or JSON, keeping the ids of kept phases, tasks and leaderboards', async () => {
    const before = await rowIds();
    const yaml = (await yamlOf())
      .replace('title: Binary classification (Arena example)', 'title: Edited by YAML')
      .replace('max_submissions_per_day: 100', 'max_submissions_per_day: 7')
      .replace('submission_rule: Force_Last', 'submission_rule: Force_Best');
    const r = await putYaml(yaml);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.title).toBe('Edited by YAML');
    expect(r.body.phases[0]).toMatchObject({ id: phaseId, maxSubmissionsPerDay: 7 });
    expect(await rowIds()).toEqual(before);
    const boards = await db.query<{ submission_rule: string }>(
      'SELECT submission_rule FROM leaderboards WHERE competition_id = $1',
      [id],
    );
    expect(boards).toEqual([{ submission_rule: 'Force_Best' }]);
    expect(await yamlOf()).toContain('title: Edited by YAML');

    const json = await putYaml(yaml.replace('title: Edited by YAML', 'title: Edited by JSON'), false);
    expect(json.status).toBe(200);
    expect(json.body.title).toBe('Edited by JSON');
  });

  it('refuses a bad YAML with every problem, file, path and line, exactly like an upload, and changes nothing', async () => {
    const yaml = (await yamlOf())
      .replace(/ {4}tasks:\n {6}- 0/, '    tasks:\n      - 3')
      .replace('primary_index: 0', 'primary_index: 9');
    const r = await putYaml(yaml);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid_bundle');
    expect(r.body.details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'competition.yaml',
          path: 'phases[0].tasks[0]',
          line: expect.any(Number),
          message: expect.stringContaining('task index 3 does not exist'),
        }),
        expect.objectContaining({
          file: 'competition.yaml',
          path: 'leaderboards[0].primary_index',
          message: 'primary_index 9 is not the index of a column',
        }),
      ]),
    );
    expect((await organizer.json('GET', `/api/competitions/${id}`)).body.title).toBe(
      'Binary classification (Arena example)',
    );
  });

  it('changes top-level settings with PATCH, validated like the YAML', async () => {
    const r = await organizer.json('PATCH', `/api/competitions/${id}`, {
      title: 'New title',
      dockerImage: 'arena/python:3.11',
      registrationAutoApprove: false,
      terms: 'Be nice.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      title: 'New title',
      dockerImage: 'arena/python:3.11',
      registrationAutoApprove: false,
      terms: 'Be nice.',
    });
    expect(r.body.pages).toHaveLength(2);

    const bad = await organizer.json('PATCH', `/api/competitions/${id}`, { title: '   ' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems).toEqual([
      expect.objectContaining({ file: 'competition.yaml', path: 'title', message: 'title must not be empty' }),
    ]);
  });

  it('edits a phase: dates, limits, time limit and name', async () => {
    const r = await organizer.json('PATCH', `/api/competitions/${id}/phases/${phaseId}`, {
      name: 'Final',
      start: '2026-03-01T09:00:00+01:00',
      end: '2026-04-01T09:00:00+01:00',
      maxSubmissions: 10,
      maxSubmissionsPerDay: null,
      executionTimeLimitSec: 30,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.phases[0]).toMatchObject({
      id: phaseId,
      name: 'Final',
      startAt: '2026-03-01T08:00:00.000Z',
      endAt: '2026-04-01T08:00:00.000Z',
      maxSubmissions: 10,
      maxSubmissionsPerDay: null,
      executionTimeLimitSec: 30,
    });
    const bad = await organizer.json('PATCH', `/api/competitions/${id}/phases/${phaseId}`, {
      end: '2020-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems).toEqual([
      expect.objectContaining({ path: 'phases[0].end', message: expect.stringContaining('before it starts') }),
    ]);
    const other = await organizer.json('PATCH', `/api/competitions/${id}/phases/00000000-0000-4000-8000-000000000000`, {
      name: 'x',
    });
    expect(other.status).toBe(404);
  });

  it('replaces or adds a leaderboard by key, with columns, primary index and rule', async () => {
    const boardId = (await rowIds()).boards[0];
    const columns = [
      { key: 'accuracy', title: 'Accuracy', index: 0, sorting: 'desc', precision: 3 },
      { key: 'f1', title: 'F1', index: 1, sorting: 'desc' },
      {
        key: 'avg',
        title: 'Mean rank',
        index: 2,
        sorting: 'asc',
        rankAggregate: { method: 'avgRank', indexes: [0, 1] },
      },
    ];
    const r = await organizer.json('PUT', `/api/competitions/${id}/leaderboards/main`, {
      title: 'Results',
      primaryIndex: 2,
      submissionRule: 'Force_Best',
      columns,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [row] = await db.query<any>(
      'SELECT id, primary_index, submission_rule, columns FROM leaderboards WHERE competition_id = $1 AND key = $2',
      [id, 'main'],
    );
    expect(row).toMatchObject({ id: boardId, primary_index: 2, submission_rule: 'Force_Best' });
    expect(row.columns[2].rankAggregate).toEqual({ method: 'avgRank', indexes: [0, 1] });

    const added = await organizer.json('PUT', `/api/competitions/${id}/leaderboards/second`, {
      title: 'Second',
      columns: columns.slice(0, 1),
    });
    expect(added.status).toBe(200);
    expect(added.body.leaderboards.map((l: any) => l.key)).toEqual(['main', 'second']);

    const bad = await organizer.json('PUT', `/api/competitions/${id}/leaderboards/main`, {
      title: 'Results',
      primaryIndex: 5,
      columns,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems).toEqual([expect.objectContaining({ path: 'leaderboards[0].primary_index' })]);
  });

  it('replaces the pages', async () => {
    const r = await organizer.json('PUT', `/api/competitions/${id}/pages`, {
      pages: [{ title: 'Only', content: '# Hello' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.pages).toEqual([{ title: 'Only', content: '# Hello' }]);
    expect(await yamlOf()).toContain('file: pages/0.md');
  });

  it('does not overwrite a competition that changed after the edit was computed from it', async () => {
    const repo = api.app.get(CompetitionsRepository);
    const [row] = await db.query<{ updated_at: Date }>('SELECT updated_at FROM competitions WHERE id = $1', [id]);
    const none = { keep: [], add: [], remove: [] };
    const edit = {
      competitionId: id,
      competition: {} as any,
      pages: [],
      tasks: none,
      phases: none,
      leaderboards: none,
    };
    await expect(repo.applyEdit({ ...edit, basedOn: new Date(row.updated_at.getTime() - 1) })).resolves.toBe('stale');
    const r = await organizer.json('PATCH', `/api/competitions/${id}`, { title: 'After' });
    expect(r.status).toBe(200);
    await expect(repo.applyEdit({ ...edit, basedOn: row.updated_at })).resolves.toBe('stale');
    expect((await organizer.json('GET', `/api/competitions/${id}`)).body.title).toBe('After');
  });

  it('keeps what a CodaLab v1 import stored beyond v2 (origin format, extras) through an edit', async () => {
    const v1 = await organizer.upload(
      '/api/competitions',
      'bundle',
      await writeZip(join(tmp, 'v1.zip'), typicalV1Files()),
    );
    await organizer.publish(v1);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    const [before] = await db.query<any>('SELECT format, model FROM competitions WHERE id = $1', [v1.body.id]);
    const r = await organizer.json('PATCH', `/api/competitions/${v1.body.id}`, { title: 'Typical, edited' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [after] = await db.query<any>('SELECT format, model FROM competitions WHERE id = $1', [v1.body.id]);
    expect(after.format).toBe('v1');
    expect(after.model.extra).toEqual(before.model.extra);
    expect(after.model.leaderboards).toEqual(before.model.leaderboards);
    expect(after.model.title).toBe('Typical, edited');
  });

  it('documents the export and edit routes in the OpenAPI spec', async () => {
    const r = await new HttpClient(api.url).json('GET', '/api/docs-json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/competitions/{id}/bundle',
        '/api/competitions/{id}/yaml',
        '/api/competitions/{id}/phases/{phaseId}',
        '/api/competitions/{id}/leaderboards/{key}',
        '/api/competitions/{id}/pages',
      ]),
    );
    expect(r.body.paths['/api/competitions/{id}'].patch).toBeDefined();
  });

  it('answers 404 to anybody but the organizers, and 401 without a token', async () => {
    expect((await stranger.json('PATCH', `/api/competitions/${id}`, { title: 'Mine' })).status).toBe(404);
    expect((await stranger.raw(`/api/competitions/${id}/yaml`)).status).toBe(404);
    expect((await stranger.json('PUT', `/api/competitions/${id}/pages`, { pages: [] })).status).toBe(404);
    expect((await new HttpClient(api.url).json('PATCH', `/api/competitions/${id}`, { title: 'x' })).status).toBe(401);
  });

  it('never removes a phase or task that has submissions (409); one without submissions may go', async () => {
    const participant = await new HttpClient(api.url).signUp(`ada${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${id}/participation`, { acceptTerms: true });
    const yaml = await yamlOf();
    // A second phase, open now, with a second task; the first phase has ended.
    const doc = parse(yaml);
    doc.tasks.push({ ...doc.tasks[0], index: 1, name: 'Second' });
    doc.phases[0].end = '2026-01-01T00:00:00Z';
    doc.phases.push({ index: 1, name: 'Later', start: '2026-01-01T00:00:00Z', tasks: [1] });
    const withTwo = stringify(doc);
    const laterPhaseId = async (): Promise<string> => {
      const r = await putYaml(withTwo);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.phases.map((p: any) => p.name)).toEqual(['Development', 'Later']);
      expect(r.body.phases[0].id).toBe(phaseId);
      return r.body.phases[1].id;
    };

    const unused = await laterPhaseId();
    const removed = await putYaml(yaml);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(await db.query('SELECT id FROM phases WHERE id = $1', [unused])).toEqual([]);
    expect((await db.query('SELECT id FROM tasks WHERE competition_id = $1', [id])).length).toBe(1);

    const laterId = await laterPhaseId();
    const sub = await participant.upload(
      `/api/phases/${laterId}/submissions`,
      'file',
      await zipFolder(join(EXAMPLE, 'submission'), join(tmp, `s${id}.zip`)),
    );
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);

    const refused = await putYaml(yaml);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.message).toContain('task 1 "Second"');
    expect(refused.body.message).toContain('phase 1 "Later"');
    expect((await organizer.json('GET', `/api/competitions/${id}`)).body.phases).toHaveLength(2);
    expect((await db.query('SELECT id FROM submissions WHERE phase_id = $1', [laterId])).length).toBe(1);

    // A leaderboard that ranks a submission is not dropped either.
    const columns = [{ key: 'accuracy', title: 'Accuracy', index: 0, sorting: 'desc' }];
    expect(
      (await organizer.json('PUT', `/api/competitions/${id}/leaderboards/second`, { title: 'Second', columns })).status,
    ).toBe(200);
    const [board] = await db.query<{ id: string }>(
      'SELECT id FROM leaderboards WHERE competition_id = $1 AND key = $2',
      [id, 'second'],
    );
    await db.query(
      `INSERT INTO leaderboard_entries (leaderboard_id, phase_id, submission_id, entrant_id, submitted_at, position, scores, column_ranks)
       VALUES ($1, $2, $3, $4, now(), 0, '{}', '{}')`,
      [board.id, laterId, sub.body.id, sub.body.id],
    );
    const withoutBoard = await putYaml(withTwo);
    expect(withoutBoard.status, JSON.stringify(withoutBoard.body)).toBe(409);
    expect(withoutBoard.body.message).toBe('leaderboard second has submissions and cannot be removed');
  });
});
