import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../src/storage/blob-store';
import { UploadSweeper } from '../../src/uploads/upload-sweeper.service';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const MiB = 1024 * 1024;
const PART = 8 * MiB;

const storages = [
  { name: 'local filesystem', env: (): Record<string, string> => ({}) },
  {
    name: 'S3 (Ceph radosgw)',
    env: (): Record<string, string> => ({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-uploads-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    }),
  },
];

const auth = (c: HttpClient) => (c as unknown as { auth(): Record<string, string> }).auth();

describe.each(storages)('resumable uploads on $name storage', ({ env }) => {
  let fx: ArenaFixture;
  let storageEnv: Record<string, string>;
  let organizer: HttpClient;
  let ada: HttpClient;
  let eve: HttpClient;
  let competitionId: string;
  let phaseId: string;
  /** A real submission zip of a little over one part: two parts, the last one short. */
  let bigZip: Buffer;
  let bundleZip: Buffer;

  const putPart = async (c: HttpClient, id: string, index: number, bytes: Buffer) => {
    const res = await fetch(`${fx.api.url}/api/uploads/${id}/parts/${index}`, {
      method: 'PUT',
      headers: { ...auth(c), 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const part = (file: Buffer, index: number) => file.subarray(index * PART, (index + 1) * PART);
  /** Creates, sends every part and completes an upload of `file`. */
  const uploadWhole = async (c: HttpClient, file: Buffer, purpose: 'submission' | 'bundle', filename = 'file.zip') => {
    const created = await c.json('POST', '/api/uploads', { filename, size: file.length, purpose });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (let i = 0; i < created.body.partCount; i++) {
      expect((await putPart(c, created.body.id, i, part(file, i))).status).toBe(200);
    }
    const done = await c.json('POST', `/api/uploads/${created.body.id}/complete`);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    storageEnv = env();
    fx = await ArenaFixture.start(storageEnv);
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    eve = await fx.user('eve');
    ({ id: competitionId, phaseId } = await fx.competition(organizer));
    await fx.register(ada, competitionId);
    await fx.register(eve, competitionId);
    const dir = join(fx.tmp, 'big');
    await mkdir(dir, { recursive: true });
    await copyFile(join(EXAMPLE, 'submission/predictions.csv'), join(dir, 'predictions.csv'));
    // Random bytes do not compress: the zip is a little over 9 MiB.
    await writeFile(join(dir, 'noise.bin'), randomBytes(9 * MiB));
    bigZip = await readFile(await zipFolder(dir, join(fx.tmp, 'big.zip')));
    bundleZip = await readFile(await zipFolder(join(EXAMPLE, 'bundle'), join(fx.tmp, 'bundle.zip')));
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('refuses empty files and files over the limit of their purpose, naming it', async () => {
    const empty = await ada.json('POST', '/api/uploads', { filename: 'x.zip', size: 0, purpose: 'submission' });
    expect(empty.status).toBe(400);
    const big = await ada.json('POST', '/api/uploads', { filename: 'x.zip', size: 513 * MiB, purpose: 'submission' });
    expect(big.status).toBe(413);
    expect(big.body.message).toContain('MAX_SUBMISSION_MB');
    const bundle = await ada.json('POST', '/api/uploads', { filename: 'b.zip', size: 2049 * MiB, purpose: 'bundle' });
    expect(bundle.status).toBe(413);
    expect(bundle.body.message).toContain('MAX_BUNDLE_MB');
    expect((await ada.json('POST', '/api/uploads', { filename: 'x.zip', size: 10, purpose: 'other' })).status).toBe(
      400,
    );
    expect(
      (await fx.anon.json('POST', '/api/uploads', { filename: 'x.zip', size: 10, purpose: 'submission' })).status,
    ).toBe(401);
  });

  it('takes parts in any order, resumes after a dropped connection, refuses a wrong length, and completes', async () => {
    const created = await ada.json('POST', '/api/uploads', {
      filename: 'big.zip',
      size: bigZip.length,
      purpose: 'submission',
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        filename: 'big.zip',
        size: bigZip.length,
        purpose: 'submission',
        partSize: PART,
        partCount: 2,
        received: [],
        status: 'open',
      },
    });
    const id = created.body.id as string;

    // The last part first; then the connection drops halfway through part 0.
    expect(await putPart(ada, id, 1, part(bigZip, 1))).toMatchObject({
      status: 200,
      body: { received: [1], status: 'open' },
    });
    await new Promise<void>((done) => {
      const req = request(`${fx.api.url}/api/uploads/${id}/parts/0`, {
        method: 'PUT',
        headers: { ...auth(ada), 'content-type': 'application/octet-stream', 'content-length': String(PART) },
      });
      req.on('error', () => done());
      req.write(part(bigZip, 0).subarray(0, PART / 2), () => setTimeout(() => req.destroy(), 100));
    });
    await new Promise((r) => setTimeout(r, 300));

    // The client asks what is stored, and completing too early names what is missing.
    expect((await ada.json('GET', `/api/uploads/${id}`)).body).toMatchObject({ received: [1], status: 'open' });
    const early = await ada.json('POST', `/api/uploads/${id}/complete`);
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('0');
    expect(early.body.details).toEqual({ missing: [0] });

    const short = await putPart(ada, id, 0, part(bigZip, 0).subarray(0, 1000));
    expect(short.status).toBe(400);
    expect(short.body.message).toContain(String(PART));
    expect(short.body.message).toContain('1000');
    const wrongLast = await putPart(ada, id, 1, Buffer.alloc(5));
    expect(wrongLast.status).toBe(400);
    expect(wrongLast.body.message).toContain(String(bigZip.length - PART));
    expect((await putPart(ada, id, 2, Buffer.alloc(5))).status).toBe(400);

    expect(await putPart(ada, id, 0, part(bigZip, 0))).toMatchObject({ status: 200, body: { received: [0, 1] } });
    expect(await putPart(ada, id, 0, part(bigZip, 0))).toMatchObject({ status: 200, body: { received: [0, 1] } });
    const done = await ada.json('POST', `/api/uploads/${id}/complete`);
    expect(done).toMatchObject({ status: 200, body: { status: 'complete', received: [0, 1] } });
    expect((await ada.json('POST', `/api/uploads/${id}/complete`)).body.status).toBe('complete');

    // Nobody else sees, writes, completes or uses it.
    expect((await eve.json('GET', `/api/uploads/${id}`)).status).toBe(404);
    expect((await putPart(eve, id, 0, part(bigZip, 0))).status).toBe(404);
    expect((await eve.json('POST', `/api/uploads/${id}/complete`)).status).toBe(404);
    expect((await eve.json('POST', `/api/phases/${phaseId}/submissions`, { uploadId: id })).status).toBe(404);
    expect((await fx.anon.json('GET', `/api/uploads/${id}`)).status).toBe(401);

    // Used by a submission exactly as the same file sent in the request, then never again.
    const submitted = await ada.json('POST', `/api/phases/${phaseId}/submissions`, {
      uploadId: id,
      description: 'resumed',
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body).toMatchObject({ phaseId, description: 'resumed' });
    const file = await ada.raw(`/api/submissions/${submitted.body.id}/file`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(bigZip)).toBe(true);
    const again = await ada.json('POST', `/api/phases/${phaseId}/submissions`, { uploadId: id });
    expect(again.status).toBe(409);
    expect((await ada.json('GET', `/api/uploads/${id}`)).status).toBe(404);
  });

  it('accepts uploadId as a multipart field too, and keeps the same errors as a sent file', async () => {
    const notZip = Buffer.from('not a zip at all');
    const id = await uploadWhole(ada, notZip, 'submission', 'notes.txt');
    const form = new FormData();
    form.append('uploadId', id);
    const refused = await fetch(`${fx.api.url}/api/phases/${phaseId}/submissions`, {
      method: 'POST',
      headers: auth(ada),
      body: form,
    });
    expect(refused.status).toBe(400);
    // A refused use gives the upload back: it is still the caller's, and still refused for the same reason.
    expect((await ada.json('GET', `/api/uploads/${id}`)).body.status).toBe('complete');
    expect((await ada.json('POST', `/api/phases/${phaseId}/submissions`, { uploadId: id })).status).toBe(400);

    const open = await ada.json('POST', '/api/uploads', { filename: 'x.zip', size: 10, purpose: 'submission' });
    const incomplete = await ada.json('POST', `/api/phases/${phaseId}/submissions`, { uploadId: open.body.id });
    expect(incomplete).toMatchObject({ status: 409, body: { details: { missing: [0] } } });
  });

  it('answers a retry with the same Idempotency-Key with the same submission, and refuses other reuse', async () => {
    const id = await uploadWhole(ada, await readFile(fx.resultsZip), 'submission');
    const send = (key: string) =>
      fetch(`${fx.api.url}/api/phases/${phaseId}/submissions`, {
        method: 'POST',
        headers: { ...auth(ada), 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ uploadId: id }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
    const first = await send('retry-me');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const retry = await send('retry-me');
    expect(retry).toMatchObject({ status: 201, body: { id: first.body.id } });
    expect((await send('another-key')).status).toBe(409);
    const [{ n }] = await fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM submissions WHERE idempotency_key = $1',
      ['retry-me'],
    );
    expect(n).toBe(1);
  });

  it('creates a competition from a bundle upload, once', async () => {
    const id = await uploadWhole(organizer, bundleZip, 'bundle', 'my-bundle.zip');
    const asSubmission = await organizer.json('POST', `/api/phases/${phaseId}/submissions`, { uploadId: id });
    expect(asSubmission.status).toBe(400);
    expect((await ada.json('POST', '/api/competitions', { uploadId: id })).status).toBe(404);
    const created = await organizer.json('POST', '/api/competitions', { uploadId: id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ title: 'Binary classification (Arena example)', isOrganizer: true });
    expect(created.body.phases.length).toBeGreaterThan(0);
    expect((await organizer.json('POST', '/api/competitions', { uploadId: id })).status).toBe(409);
  });

  it('keeps at most 10 unused uploads per user: a new one abandons the least recently touched', async () => {
    const cap = await fx.user('cap');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        (await cap.json('POST', '/api/uploads', { filename: `f${i}.zip`, size: 10, purpose: 'submission' })).body.id,
      );
    }
    // The first one is touched again (a part arrives), so the second is now the least recently touched.
    expect((await putPart(cap, ids[0], 0, Buffer.alloc(10))).status).toBe(200);
    const eleventh = await cap.json('POST', '/api/uploads', { filename: 'f10.zip', size: 10, purpose: 'submission' });
    expect(eleventh.status).toBe(201);
    expect((await cap.json('GET', `/api/uploads/${ids[1]}`)).status).toBe(404);
    expect((await cap.json('GET', `/api/uploads/${ids[0]}`)).body.received).toEqual([0]);
    const [{ n }] = await fx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM uploads u JOIN users x ON x.id = u.owner_id WHERE u.status IN ('open', 'complete') AND x.username = $1",
      [(await cap.json('GET', '/api/auth/me')).body.username],
    );
    expect(n).toBe(10);
    // Others' uploads are not touched.
    expect(
      (await ada.json('POST', '/api/uploads', { filename: 'a.zip', size: 10, purpose: 'submission' })).status,
    ).toBe(201);
  });

  it('sweeps uploads idle for a day: rows, stored parts and objects', async () => {
    const open = await ada.json('POST', '/api/uploads', {
      filename: 'big.zip',
      size: bigZip.length,
      purpose: 'submission',
    });
    expect((await putPart(ada, open.body.id, 0, part(bigZip, 0))).status).toBe(200);
    const complete = await uploadWhole(ada, bundleZip, 'bundle');
    const fresh = await ada.json('POST', '/api/uploads', { filename: 'x.zip', size: 10, purpose: 'submission' });
    const [openRow] = await fx.db.query<{ storage_key: string; store_session: string }>(
      'SELECT storage_key, store_session FROM uploads WHERE id = $1',
      [open.body.id],
    );
    const store = fx.api.app.get(BlobStore);
    expect(await store.size(`uploads/${complete}`)).toBe(bundleZip.length);

    await fx.db.query(`UPDATE uploads SET updated_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [
      [open.body.id, complete],
    ]);
    expect(await fx.api.app.get(UploadSweeper).sweep()).toBeGreaterThanOrEqual(2);

    const left = await fx.db.query<{ id: string }>('SELECT id FROM uploads WHERE id = ANY($1::uuid[])', [
      [open.body.id, complete, fresh.body.id],
    ]);
    expect(left.map((r) => r.id)).toEqual([fresh.body.id]);
    expect(await fx.db.query('SELECT 1 FROM upload_parts WHERE upload_id = $1', [open.body.id])).toEqual([]);
    expect(await store.size(`uploads/${complete}`)).toBeNull();
    expect(await openSessions(storageEnv, fx.tmp)).not.toContain(openRow.store_session);
    expect((await ada.json('GET', `/api/uploads/${open.body.id}`)).status).toBe(404);
  });
});

/** The parts sessions still held by the storage: S3 multipart uploads in progress, or local parts files. */
async function openSessions(env: Record<string, string>, tmp: string): Promise<string[]> {
  if (!env.S3_BUCKET) {
    return readdir(join(tmp, 's', '.parts')).catch(() => []);
  }
  const s3 = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });
  const r = await s3.send(new ListMultipartUploadsCommand({ Bucket: env.S3_BUCKET }));
  return (r.Uploads ?? []).map((u) => u.UploadId!);
}
