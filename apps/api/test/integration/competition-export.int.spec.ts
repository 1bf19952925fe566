import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readBundle } from '@arena/bundle';
import { SafeZip } from '@arena/safe-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification/bundle');

const storages = [
  { name: 'local filesystem', env: (dir: string): Record<string, string> => ({ STORAGE_DIR: join(dir, 'storage') }) },
  {
    name: 'S3 (Ceph radosgw)',
    env: (): Record<string, string> => ({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-export-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    }),
  },
];

describe.each(storages)('competition export on $name storage', ({ env }) => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let organizer: HttpClient;
  let stranger: HttpClient;
  let competitionId: string;

  const download = async (client: HttpClient, light: boolean, name: string): Promise<string> => {
    const res = await client.raw(`/api/competitions/${competitionId}/bundle?light=${light}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const path = join(tmp, name);
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    return path;
  };
  const taskDatasets = (id: string) =>
    db.query<{ scoring_program_id: string; reference_data_id: string }>(
      'SELECT scoring_program_id, reference_data_id FROM tasks WHERE competition_id = $1 ORDER BY index',
      [id],
    );

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-export-'));
    db = await createTestDatabase();
    queue = `arena.export.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({ DATABASE_URL: db.url, JOB_QUEUE: queue, UPLOAD_TMP_DIR: join(tmp, 'u'), ...env(tmp) });
    const anon = new HttpClient(api.url);
    organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    stranger = await anon.signUp(`eve${randomBytes(3).toString('hex')}`);
    const created = await organizer.upload('/api/competitions', 'bundle', await zipFolder(EXAMPLE, join(tmp, 'b.zip')));
    await organizer.publish(created);
    expect(created.status).toBe(201);
    competitionId = created.body.id;
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it('gives the bundle to organizers only: 404 for others, 401 without a token', async () => {
    expect((await stranger.raw(`/api/competitions/${competitionId}/bundle`)).status).toBe(404);
    expect((await new HttpClient(api.url).raw(`/api/competitions/${competitionId}/bundle`)).status).toBe(401);
    const missing = await organizer.raw(`/api/competitions/00000000-0000-4000-8000-000000000000/bundle`);
    expect(missing.status).toBe(404);
  });

  it('exports a full bundle with the stored dataset zips inside, which imports back to the same model', async () => {
    const path = await download(organizer, false, 'full.zip');
    const original = await readBundle(join(EXAMPLE));
    original.source?.close();
    const exported = await readBundle(path);
    exported.source?.close();
    expect(exported.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const m = exported.model!;
    const o = original.model!;
    expect(m.title).toBe(o.title);
    expect(m.registrationAutoApprove).toBe(true);
    expect(m.phases).toEqual(o.phases.map((p) => ({ ...p })));
    expect(m.leaderboards).toEqual(o.leaderboards);
    expect(m.pages.map((p) => p.title)).toEqual(o.pages.map((p) => p.title));

    const [task] = await taskDatasets(competitionId);
    const zip = await SafeZip.open(path, undefined, 'full.zip');
    try {
      const names = zip.entries.map((e) => e.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'competition.yaml',
          'pages/0.md',
          'pages/1.md',
          'terms.md',
          'logo.png',
          `parts/${task.scoring_program_id}.zip`,
        ]),
      );
    } finally {
      zip.close();
    }
    const stored = await db.query<{ sha256: string }>('SELECT sha256 FROM datasets WHERE id = $1', [
      task.scoring_program_id,
    ]);

    const again = await organizer.upload('/api/competitions', 'bundle', path);
    await organizer.publish(again);
    expect(again.status).toBe(201);
    expect(again.body.pages).toEqual((await organizer.json('GET', `/api/competitions/${competitionId}`)).body.pages);
    const [copy] = await taskDatasets(again.body.id);
    expect(copy.scoring_program_id).not.toBe(task.scoring_program_id);
    const copied = await db.query<{ sha256: string }>('SELECT sha256 FROM datasets WHERE id = $1', [
      copy.scoring_program_id,
    ]);
    expect(copied[0].sha256).toBe(stored[0].sha256);
  });

  it('exports a light bundle naming dataset keys; importing it shares the datasets between the two competitions', async () => {
    const path = await download(organizer, true, 'light.zip');
    const [task] = await taskDatasets(competitionId);
    const zip = await SafeZip.open(path, undefined, 'light.zip');
    let yaml: string;
    try {
      expect(zip.entries.some((e) => e.name.startsWith('parts/'))).toBe(false);
      yaml = await zip.readText('competition.yaml', 1 << 20);
    } finally {
      zip.close();
    }
    expect(yaml).toContain(`scoring_program: ${task.scoring_program_id}`);
    expect(yaml).toContain(`reference_data: ${task.reference_data_id}`);

    const datasetsBefore = (await db.query('SELECT id FROM datasets')).length;
    const imported = await organizer.upload('/api/competitions', 'bundle', path);
    await organizer.publish(imported);
    expect(imported.status).toBe(201);
    expect(await taskDatasets(imported.body.id)).toEqual([task]);
    expect((await db.query('SELECT id FROM datasets')).length).toBe(datasetsBefore);
  });

  it("lists the caller's own datasets, whose ids a light bundle names", async () => {
    const [task] = await taskDatasets(competitionId);
    const mine = await organizer.json('GET', '/api/datasets?limit=200');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: task.scoring_program_id, kind: 'scoring_program' })]),
    );
    expect((await stranger.json('GET', '/api/datasets')).body).toEqual([]);
    expect((await new HttpClient(api.url).json('GET', '/api/datasets')).status).toBe(401);
  });

  it('refuses a light bundle naming datasets the uploader may not use, with the YAML path and the key', async () => {
    const path = await download(organizer, true, 'light2.zip');
    const [task] = await taskDatasets(competitionId);
    const competitionsBefore = (await db.query('SELECT id FROM competitions')).length;
    const r = await stranger.upload('/api/competitions', 'bundle', path);
    await stranger.publish(r);
    expect(r.status).toBe(400);
    expect(r.body.details.problems).toEqual(
      expect.arrayContaining([
        {
          severity: 'error',
          file: 'competition.yaml',
          path: 'tasks[0].scoring_program',
          message: `dataset ${task.scoring_program_id} does not exist or is not yours to use`,
        },
        expect.objectContaining({
          path: 'tasks[0].reference_data',
          message: expect.stringContaining(task.reference_data_id),
        }),
      ]),
    );
    expect((await db.query('SELECT id FROM competitions')).length).toBe(competitionsBefore);
  });

  it('lets a collaborator export, and build a competition on the datasets of the one they co-organize', async () => {
    const name = `col${randomBytes(3).toString('hex')}`;
    const collaborator = await new HttpClient(api.url).signUp(name);
    expect((await collaborator.raw(`/api/competitions/${competitionId}/bundle?light=true`)).status).toBe(404);
    const added = await organizer.json('POST', `/api/competitions/${competitionId}/collaborators`, { username: name });
    expect(added.status).toBe(201);
    const path = await download(collaborator, true, 'collab.zip');
    const imported = await collaborator.upload('/api/competitions', 'bundle', path);
    await collaborator.publish(imported);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(await taskDatasets(imported.body.id)).toEqual(await taskDatasets(competitionId));
  });

  it('exports what edits changed (settings, dates with time)', async () => {
    const patched = await organizer.json('PATCH', `/api/competitions/${competitionId}`, {
      title: 'Renamed',
      reward: '100 EUR',
    });
    expect(patched.status).toBe(200);
    const phaseId = patched.body.phases[0].id;
    const phase = await organizer.json('PATCH', `/api/competitions/${competitionId}/phases/${phaseId}`, {
      end: '2030-06-01T12:30:00+02:00',
    });
    expect(phase.status).toBe(200);
    const path = await download(organizer, true, 'edited.zip');
    const read = await readBundle(path);
    read.source?.close();
    expect(read.model?.title).toBe('Renamed');
    expect(read.model?.reward).toBe('100 EUR');
    expect(read.model?.phases[0].end).toBe('2030-06-01T10:30:00.000Z');
    // The file itself keeps the instant with its time of day (a date alone would move the deadline on re-import).
    const zip = await SafeZip.open(path, undefined, 'edited.zip');
    try {
      expect(await zip.readText('competition.yaml', 1 << 20)).toMatch(/^\s+end: .?2030-06-01T10:30:00(\.000)?Z.?$/m);
    } finally {
      zip.close();
    }
  });
});
