import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import {
  competitionWithFiles as competition,
  EXAMPLE_BUNDLE as EXAMPLE,
  sha256,
  WITH_PARTS,
} from '../support/phase-files-bundle';
import { TEST_ENV } from '../support/test-env';
import { v1Bundle } from '../support/v1-bundle';
import { zipFolder } from '../support/zip-folder';

interface Listed {
  name: string;
  kind: string;
  size?: number;
  sha256?: string;
  downloads?: number;
  url: string;
  title: string;
  description?: string;
}

async function listNames(client: HttpClient, phaseId: string): Promise<string[]> {
  const r = await client.json('GET', `/api/phases/${phaseId}/files`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.files as Listed[]).map((f) => f.name);
}

async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/** Reads a download's first `n` bytes, then drops the connection, as an interrupted download would. */
async function firstBytes(client: HttpClient, path: string, n: number): Promise<Buffer> {
  const res = await client.raw(path);
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const chunks: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(Buffer.from(value));
    got += value.length;
  }
  await reader.cancel();
  return Buffer.concat(chunks).subarray(0, n);
}

function get(client: HttpClient, path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const auth = (client as unknown as { auth(): Record<string, string> }).auth();
  return fetch(client.baseUrl + path, { headers: { ...auth, ...headers }, ...init });
}

describe('phase files on local storage', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let participant: HttpClient;
  let c: { id: string; phaseId: string };
  /** Stored datasets by the part they hold, read from the database. */
  const stored: Record<string, { id: string; storageKey: string; sha256: string; size: number }> = {};

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    participant = await fx.user('par');
    c = await competition(fx.tmp, organizer);
    await fx.register(participant, c.id);
    const rows = await fx.db.query<{ kind: string; id: string; storage_key: string; sha256: string; size: string }>(
      `SELECT d.kind, d.id, d.storage_key, d.sha256, d.size FROM datasets d
        JOIN competitions c ON position(d.id::text IN c.model::text) > 0 WHERE c.id = $1`,
      [c.id],
    );
    for (const r of rows) {
      stored[r.kind] = { id: r.id, storageKey: r.storage_key, sha256: r.sha256, size: Number(r.size) };
    }
    expect(Object.keys(stored).sort()).toEqual(
      ['ingestion_program', 'input_data', 'public_data', 'reference_data', 'scoring_program', 'starting_kit'].sort(),
    );
  });

  afterAll(async () => {
    await fx?.stop();
  });

  const storedBytes = (kind: string) => readFile(join(fx.tmp, 's', stored[kind].storageKey));

  it('lists the public data and the starting kit to an approved participant, with size and sha256', async () => {
    const r = await participant.json('GET', `/api/phases/${c.phaseId}/files`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ phaseId: c.phaseId, filesPublic: false });
    expect(r.body.files).toEqual([
      {
        name: 'public_data',
        kind: 'public_data',
        title: 'Public data',
        size: stored.public_data.size,
        sha256: stored.public_data.sha256,
        url: `/api/phases/${c.phaseId}/files/public_data`,
      },
      {
        name: 'starting_kit',
        kind: 'starting_kit',
        title: 'Starting kit',
        size: stored.starting_kit.size,
        sha256: stored.starting_kit.sha256,
        url: `/api/phases/${c.phaseId}/files/starting_kit`,
      },
    ]);
  });

  it('downloads each file whole: the stored zip, byte for byte, with its sha256', async () => {
    for (const kind of ['public_data', 'starting_kit']) {
      const res = await participant.raw(`/api/phases/${c.phaseId}/files/${kind}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${kind}.zip"`);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(res.headers.get('etag')).toBe(`"${stored[kind].sha256}"`);
      expect(Number(res.headers.get('content-length'))).toBe(stored[kind].size);
      const body = await bytesOf(res);
      expect(body.equals(await storedBytes(kind))).toBe(true);
      expect(sha256(body)).toBe(stored[kind].sha256);
    }
  });

  it('resumes a download cut after N bytes with a Range request; the joined bytes are the file', async () => {
    const path = `/api/phases/${c.phaseId}/files/public_data`;
    const whole = await storedBytes('public_data');
    expect(whole.length).toBeGreaterThan(2000);
    const n = 1234;
    const head = await firstBytes(participant, path, n);
    expect(head.length).toBe(n);
    const etag = `"${stored.public_data.sha256}"`;
    const rest = await get(participant, path, { range: `bytes=${n}-`, 'if-range': etag });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes ${n}-${whole.length - 1}/${whole.length}`);
    expect(Number(rest.headers.get('content-length'))).toBe(whole.length - n);
    const joined = Buffer.concat([head, await bytesOf(rest)]);
    expect(joined.equals(whole)).toBe(true);
    expect(sha256(joined)).toBe(stored.public_data.sha256);

    // A closed range, a range naming a changed file (If-Range with another ETag) and a range past the end.
    const mid = await get(participant, path, { range: 'bytes=10-19' });
    expect(mid.status).toBe(206);
    expect((await bytesOf(mid)).equals(whole.subarray(10, 20))).toBe(true);
    const changed = await get(participant, path, { range: `bytes=${n}-`, 'if-range': '"another-version"' });
    expect(changed.status).toBe(200);
    expect((await bytesOf(changed)).equals(whole)).toBe(true);
    const past = await get(participant, path, { range: `bytes=${whole.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${whole.length}`);
    expect(((await past.json()) as { code: string }).code).toBe('range_not_satisfiable');
  });

  it('answers HEAD with the headers alone', async () => {
    const res = await get(participant, `/api/phases/${c.phaseId}/files/starting_kit`, {}, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(stored.starting_kit.size);
    expect(res.headers.get('etag')).toBe(`"${stored.starting_kit.sha256}"`);
  });

  it('offers programs only while makeProgramsAvailable is on, and input data only while makeInputDataAvailable is on', async () => {
    const patch = async (body: Record<string, boolean>) => {
      const r = await organizer.json('PATCH', `/api/competitions/${c.id}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    expect(await listNames(participant, c.phaseId)).toEqual(['public_data', 'starting_kit']);
    for (const name of ['scoring_program', 'ingestion_program', 'input_data']) {
      expect((await participant.raw(`/api/phases/${c.phaseId}/files/${name}`)).status).toBe(404);
    }

    await patch({ makeProgramsAvailable: true });
    expect(await listNames(participant, c.phaseId)).toEqual([
      'public_data',
      'starting_kit',
      'scoring_program',
      'ingestion_program',
    ]);
    const program = await participant.raw(`/api/phases/${c.phaseId}/files/scoring_program`);
    expect(program.status).toBe(200);
    expect(sha256(await bytesOf(program))).toBe(stored.scoring_program.sha256);
    expect((await participant.raw(`/api/phases/${c.phaseId}/files/input_data`)).status).toBe(404);

    await patch({ makeProgramsAvailable: false, makeInputDataAvailable: true });
    expect(await listNames(participant, c.phaseId)).toEqual(['public_data', 'starting_kit', 'input_data']);
    const input = await participant.raw(`/api/phases/${c.phaseId}/files/input_data`);
    expect(sha256(await bytesOf(input))).toBe(stored.input_data.sha256);
    expect((await participant.raw(`/api/phases/${c.phaseId}/files/scoring_program`)).status).toBe(404);

    await patch({ makeProgramsAvailable: true, makeInputDataAvailable: true });
  });

  it('never lists nor serves the reference data, whatever the settings and whatever name is tried', async () => {
    const settings = await organizer.json('GET', `/api/competitions/${c.id}`);
    expect(settings.body.organizerSettings).toMatchObject({
      makeProgramsAvailable: true,
      makeInputDataAvailable: true,
    });
    for (const client of [participant, organizer]) {
      const r = await client.json('GET', `/api/phases/${c.phaseId}/files`);
      const files = r.body.files as Listed[];
      expect(files.map((f) => f.name)).toEqual([
        'public_data',
        'starting_kit',
        'scoring_program',
        'ingestion_program',
        'input_data',
      ]);
      expect(files.map((f) => f.sha256)).not.toContain(stored.reference_data.sha256);
      expect(JSON.stringify(r.body)).not.toContain(stored.reference_data.id);
    }
    const names = [
      'reference_data',
      'reference_data-0',
      'reference-data',
      'reference',
      'ref',
      'truth',
      'truth.csv',
      'solution',
      'solutions',
      'REFERENCE_DATA',
      'reference_data.zip',
      stored.reference_data.id,
      encodeURIComponent(stored.reference_data.storageKey),
      'scoring_program%2F..%2Freference_data',
      '..%2Freference_data',
      'public_data%00reference_data',
      'dataset-1',
      'link',
    ];
    for (const name of names) {
      for (const client of [participant, organizer]) {
        const res = await client.raw(`/api/phases/${c.phaseId}/files/${name}`);
        expect([400, 404], `${name}: ${res.status}`).toContain(res.status);
        const body = await bytesOf(res);
        expect(sha256(body)).not.toBe(stored.reference_data.sha256);
      }
    }
  });

  it('withholds a public data folder that is also the reference data (the same bytes stored twice)', async () => {
    const leaky = await competition(fx.tmp, organizer, [
      [
        '    execution_time_limit: 120\n',
        '    execution_time_limit: 120\n    public_data: reference_data\n    starting_kit: starting_kit\n',
      ],
    ]);
    await fx.register(participant, leaky.id);
    expect(await listNames(participant, leaky.phaseId)).toEqual(['starting_kit']);
    expect((await participant.raw(`/api/phases/${leaky.phaseId}/files/public_data`)).status).toBe(404);
  });

  it('refuses anonymous callers, signed-in non-participants and pending participants, until the data is made public', async () => {
    const outsider = await fx.user('out');
    const pending = await fx.user('pen');
    const closed = await competition(fx.tmp, organizer, [
      ...WITH_PARTS,
      ['registration_auto_approve: true', 'registration_auto_approve: false'],
    ]);
    await fx.register(pending, closed.id);
    expect((await pending.json('GET', `/api/competitions/${closed.id}/participation`)).body.status).toBe('pending');

    const refused = [
      { who: fx.anon, status: 401 },
      { who: outsider, status: 403 },
      { who: pending, status: 403 },
    ];
    for (const { who, status } of refused) {
      expect((await who.json('GET', `/api/phases/${closed.phaseId}/files`)).status).toBe(status);
      const res = await who.raw(`/api/phases/${closed.phaseId}/files/public_data`);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect((await who.json('GET', `/api/phases/${closed.phaseId}/files/public_data/link`)).status).toBe(status);
    }
    expect((await pending.json('GET', `/api/phases/${closed.phaseId}/files`)).body.message).toMatch(/pending/);
    // A phase that does not exist is 404 for everybody.
    expect((await outsider.json('GET', `/api/phases/${randomUUID()}/files`)).status).toBe(404);

    const made = await organizer.json('PATCH', `/api/competitions/${closed.id}`, { filesPublic: true });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.organizerSettings.filesPublic).toBe(true);
    for (const { who } of refused) {
      const r = await who.json('GET', `/api/phases/${closed.phaseId}/files`);
      expect(r.status).toBe(200);
      expect(r.body.filesPublic).toBe(true);
      expect(r.body.files.map((f: Listed) => f.name)).toEqual(['public_data', 'starting_kit']);
      const res = await who.raw(`/api/phases/${closed.phaseId}/files/public_data`);
      expect(res.status).toBe(200);
      expect(sha256(await bytesOf(res))).toBe(r.body.files[0].sha256);
    }
    // The switch is part of competition.yaml, so an export carries it and an import keeps it.
    const yaml = await organizer.raw(`/api/competitions/${closed.id}/yaml`);
    expect(await yaml.text()).toMatch(/^files_public: true$/m);

    await organizer.json('PATCH', `/api/competitions/${closed.id}`, { filesPublic: false });
    expect((await fx.anon.json('GET', `/api/phases/${closed.phaseId}/files`)).status).toBe(401);
    expect((await outsider.raw(`/api/phases/${closed.phaseId}/files/public_data`)).status).toBe(403);
  });

  it('counts downloads started from the first byte, and shows the counts to organizers only', async () => {
    const counted = await competition(fx.tmp, organizer);
    await fx.register(participant, counted.id);
    const path = `/api/phases/${counted.phaseId}/files/public_data`;
    await bytesOf(await participant.raw(path));
    await firstBytes(participant, path, 100);
    await bytesOf(await get(participant, path, { range: 'bytes=100-' }));
    await bytesOf(await get(participant, path, { range: 'bytes=0-99' }));
    await get(participant, path, {}, { method: 'HEAD' });
    await bytesOf(await organizer.raw(`/api/phases/${counted.phaseId}/files/starting_kit`));

    const seen = await organizer.json('GET', `/api/phases/${counted.phaseId}/files`);
    const downloads = Object.fromEntries((seen.body.files as Listed[]).map((f) => [f.name, f.downloads]));
    // Whole, cut-short and 0-99: three starts; the resumption from byte 100 and the HEAD are not downloads.
    expect(downloads).toEqual({ public_data: 3, starting_kit: 1 });
    const mine = await participant.json('GET', `/api/phases/${counted.phaseId}/files`);
    expect((mine.body.files as Listed[]).every((f) => f.downloads === undefined)).toBe(true);
    expect(JSON.stringify(mine.body)).not.toContain('downloads');
  });

  it('gives no presigned link on local storage: the API streams the file itself', async () => {
    const r = await participant.json('GET', `/api/phases/${c.phaseId}/files/public_data/link`);
    expect(r).toEqual({ status: 200, body: { url: null, expiresAt: null } });
  });

  it("shows a CodaLab v1 phase's datasets as links while show_datasets_from_yaml is on", async () => {
    const v1 = async (show: boolean) => {
      const yaml = `title: V1 with datasets
has_registration: False
show_datasets_from_yaml: ${show ? 'True' : 'False'}
html:
  overview: overview.html
  evaluation: evaluation.html
  terms: terms.html
  data: data.html
phases:
  1:
    phasenumber: 1
    label: Development
    start_date: 2025-01-01
    scoring_program: scoring_program.zip
    reference_data: reference_data.zip
    starting_kit: starting_kit.zip
    datasets:
      1:
        name: Extra images
        url: https://example.org/images.zip
        description: The images, hosted elsewhere
      2:
        name: Trap
        url: javascript:alert(1)
leaderboard:
  leaderboards:
    Results: &RESULTS
      label: Results
      rank: 1
  columns:
    accuracy:
      leaderboard: *RESULTS
      label: Accuracy
      rank: 1
`;
      const created = await organizer.upload('/api/competitions', 'bundle', await v1Bundle(fx.tmp, yaml));
      await organizer.publish(created);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return { id: created.body.id as string, phaseId: created.body.phases[0].id as string };
    };

    const shown = await v1(true);
    await fx.register(participant, shown.id);
    const r = await participant.json('GET', `/api/phases/${shown.phaseId}/files`);
    expect(r.status).toBe(200);
    expect(r.body.files).toEqual([
      expect.objectContaining({ name: 'starting_kit', kind: 'starting_kit' }),
      {
        name: 'dataset-1',
        kind: 'link',
        title: 'Extra images',
        description: 'The images, hosted elsewhere',
        url: 'https://example.org/images.zip',
      },
    ]);

    const hidden = await v1(false);
    await fx.register(participant, hidden.id);
    expect(await listNames(participant, hidden.phaseId)).toEqual(['starting_kit']);
  });
});

describe('phase files on S3 (Ceph radosgw)', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let participant: HttpClient;
  let c: { id: string; phaseId: string };
  const TTL_SEC = 3;

  beforeAll(async () => {
    fx = await ArenaFixture.start({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-files-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
      S3_PRESIGN_TTL_SEC: String(TTL_SEC),
    });
    organizer = await fx.user('org');
    participant = await fx.user('par');
    c = await competition(fx.tmp, organizer);
    await fx.register(participant, c.id);
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('answers with a presigned URL that downloads the right bytes (ranges included), then expires', async () => {
    const listed = (await participant.json('GET', `/api/phases/${c.phaseId}/files`)).body.files as Listed[];
    const file = listed.find((f) => f.name === 'public_data')!;
    const res = await get(participant, file.url, {}, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${TEST_ENV.s3.endpoint}/`));
    expect(location).toContain('X-Amz-Signature=');
    expect(location).not.toContain(TEST_ENV.s3.secretAccessKey);

    // Straight from S3, without the API's bearer token.
    const body = await bytesOf(await fetch(location));
    expect(body.length).toBe(file.size);
    expect(sha256(body)).toBe(file.sha256);
    const rest = await fetch(location, { headers: { range: 'bytes=1000-' } });
    expect(rest.status).toBe(206);
    expect((await bytesOf(rest)).equals(body.subarray(1000))).toBe(true);
    const named = await fetch(location);
    expect(named.headers.get('content-disposition')).toBe('attachment; filename="public_data.zip"');
    await named.arrayBuffer();

    // The web app's way: a link to open directly, counted like a download.
    const link = await participant.json('GET', `${file.url}/link`);
    expect(link.status).toBe(200);
    expect(new Date(link.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(sha256(await bytesOf(await fetch(link.body.url)))).toBe(file.sha256);
    const counts = (await organizer.json('GET', `/api/phases/${c.phaseId}/files`)).body.files as Listed[];
    expect(counts.find((f) => f.name === 'public_data')!.downloads).toBe(2);

    await new Promise((r) => setTimeout(r, (TTL_SEC + 1.5) * 1000));
    const expired = await fetch(location);
    expect(expired.status).toBe(403);
    await expired.arrayBuffer();
  });

  it('refuses the redirect to those who may not download', async () => {
    const outsider = await fx.user('out');
    const res = await get(outsider, `/api/phases/${c.phaseId}/files/public_data`, {}, { redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
    expect((await get(fx.anon, `/api/phases/${c.phaseId}/files/public_data`, {}, { redirect: 'manual' })).status).toBe(
      401,
    );
  });
});
