import { randomBytes } from 'node:crypto';
import { createWriteStream, watch } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { writeZip, type ZipWriterEntry } from '@arena/safe-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { countStoredObjects } from '../support/stored-objects';
import { TEST_ENV } from '../support/test-env';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification/bundle');

const storages = [
  { name: 'local filesystem', env: (): Record<string, string> => ({}) },
  {
    name: 'S3 (Ceph radosgw)',
    env: (): Record<string, string> => ({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-import-check-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    }),
  },
];

const file = (name: string, content: Buffer): ZipWriterEntry => ({
  kind: 'stream',
  name,
  compress: true,
  open: () => Readable.from([content]),
});

/** Text of `bytes` deflated, whose headers declare `declared` bytes (fewer than it holds: a lie). */
function lyingEntry(name: string, bytes: number, declared: number): ZipWriterEntry {
  const text = Buffer.from('0,1,2,3,4,5,6,7,8,9\n'.repeat(Math.ceil(bytes / 20))).subarray(0, bytes);
  const deflated = deflateRawSync(text);
  return {
    kind: 'raw',
    name,
    method: 8,
    crc32: crc32(text),
    compressedSize: deflated.length,
    size: declared,
    open: () => Readable.from([deflated]),
  };
}

/**
 * Issue 20: a bundle's files are read through against their headers while its parts are copied, not before. A bad
 * competition.yaml is still refused before any part is written (and before the data is read: a lie in the data is not
 * what the answer names), and a lie found while copying leaves nothing stored.
 */
describe.each(storages)('bundle checks at import on $name storage', ({ env }) => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let storageEnv: Record<string, string>;
  const stored = () => countStoredObjects(storageEnv);
  const storedBytes = async (key: string): Promise<Buffer> => {
    if (!storageEnv.S3_BUCKET) {
      return readFile(join(fx.tmp, 's', key));
    }
    const s3 = new S3Client({
      endpoint: storageEnv.S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: storageEnv.S3_ACCESS_KEY_ID, secretAccessKey: storageEnv.S3_SECRET_ACCESS_KEY },
    });
    const r = await s3.send(new GetObjectCommand({ Bucket: storageEnv.S3_BUCKET, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  };
  const rows = async (table: string) =>
    (await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  const bundle = async (name: string, entries: ZipWriterEntry[]): Promise<string> => {
    const path = join(fx.tmp, name);
    await pipeline(writeZip(entries), createWriteStream(path));
    return path;
  };
  const exampleFiles = async (): Promise<ZipWriterEntry[]> => {
    const out: ZipWriterEntry[] = [];
    for (const e of await readdir(EXAMPLE, { recursive: true, withFileTypes: true })) {
      const path = join(e.parentPath, e.name);
      const rel = path.slice(EXAMPLE.length + 1);
      if (e.isFile() && rel !== 'competition.yaml') {
        out.push(file(rel, await readFile(path)));
      }
    }
    return out;
  };

  beforeAll(async () => {
    const extra = env();
    fx = await ArenaFixture.start(extra);
    storageEnv = extra.S3_BUCKET ? extra : { STORAGE_DIR: join(fx.tmp, 's') };
    organizer = await fx.user('org');
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it('refuses a bad competition.yaml, its last entry, before writing or reading any part', async () => {
    const yaml = (await readFile(join(EXAMPLE, 'competition.yaml'), 'utf8')).replace('tasks:', 'tasks: [unclosed\n');
    const path = await bundle('bad-yaml-last.zip', [
      ...(await exampleFiles()),
      // 3 MB of data whose header says 1000 bytes: reading it would be refused for that, before the YAML.
      lyingEntry('input_data/data.csv', 3_000_000, 1000),
      file('competition.yaml', Buffer.from(yaml)),
    ]);
    const [objects, datasets] = [await stored(), await rows('datasets')];
    const events: string[] = [];
    const dir = join(fx.tmp, 's');
    await mkdir(dir, { recursive: true });
    const watcher = watch(dir, { recursive: true }, (_event, name) => events.push(String(name)));
    try {
      const r = await organizer.upload('/api/competitions', 'bundle', path);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/competition\.yaml/);
      expect(r.body.message).not.toMatch(/holds more than/);
    } finally {
      watcher.close();
    }
    // Nothing written on the local folder at all (not even a temporary file), and nothing left anywhere.
    if (!storageEnv.S3_BUCKET) {
      expect(events).toEqual([]);
    }
    expect(await stored()).toBe(objects);
    expect(await rows('datasets')).toBe(datasets);
  });

  it('refuses a bundle whose input data lies about its size, found while the parts are copied, and keeps nothing', async () => {
    const yaml = (await readFile(join(EXAMPLE, 'competition.yaml'), 'utf8')).replace(
      'reference_data: reference_data',
      'reference_data: reference_data\n    input_data: input_data',
    );
    const path = await bundle('lying-data.zip', [
      file('competition.yaml', Buffer.from(yaml)),
      ...(await exampleFiles()),
      file('input_data/ok.csv', Buffer.from('a,b\n'.repeat(200_000))),
      lyingEntry('input_data/more.csv', 3_000_000, 1000),
    ]);
    const [objects, competitions, datasets] = [await stored(), await rows('competitions'), await rows('datasets')];
    const r = await organizer.upload('/api/competitions', 'bundle', path);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(
      /lying-data\.zip: .*input_data\/more\.csv: holds more than the 1000 bytes its header declares/,
    );
    expect(await stored()).toBe(objects);
    expect(await rows('competitions')).toBe(competitions);
    expect(await rows('datasets')).toBe(datasets);
  });

  it('refuses a 40 MB bundle whose stored data is corrupt (found only by reading it all through), and keeps nothing', async () => {
    const yaml = (await readFile(join(EXAMPLE, 'competition.yaml'), 'utf8')).replace(
      'reference_data: reference_data',
      'reference_data: reference_data\n    input_data: input_data',
    );
    const noise = randomBytes(40 * 1024 * 1024);
    const path = await bundle('corrupt-big.zip', [
      file('competition.yaml', Buffer.from(yaml)),
      ...(await exampleFiles()),
      // Its header's CRC-32 is not that of its bytes (one bit flipped): only reading all 40 MB through finds it.
      {
        kind: 'raw',
        name: 'input_data/model.bin',
        method: 0,
        crc32: crc32(noise) ^ 1,
        compressedSize: noise.length,
        size: noise.length,
        open: () => Readable.from([noise]),
      },
    ]);
    const [objects, competitions, datasets] = [await stored(), await rows('competitions'), await rows('datasets')];
    const r = await organizer.upload('/api/competitions', 'bundle', path);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/corrupt-big\.zip: .*input_data\/model\.bin: does not match its CRC-32/);
    expect(await stored()).toBe(objects);
    expect(await rows('competitions')).toBe(competitions);
    expect(await rows('datasets')).toBe(datasets);
  });

  it('imports a bundle whose files are copied as stored, through a resumable upload too', async () => {
    const yaml = (await readFile(join(EXAMPLE, 'competition.yaml'), 'utf8')).replace(
      'reference_data: reference_data',
      'reference_data: reference_data\n    input_data: input_data',
    );
    const csv = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `${i},${(i * 7919) % 1000}\n`).join(''));
    const path = await bundle('good.zip', [
      file('competition.yaml', Buffer.from(yaml)),
      ...(await exampleFiles()),
      file('input_data/train.csv', csv),
    ]);
    const direct = await organizer.upload('/api/competitions', 'bundle', path);
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    const bytes = await readFile(path);
    const created = await organizer.json('POST', '/api/uploads', {
      filename: 'good.zip',
      size: bytes.length,
      purpose: 'bundle',
    });
    expect(created.status).toBe(201);
    const u = created.body as { id: string; partSize: number; partCount: number };
    const auth = (organizer as unknown as { auth(): Record<string, string> }).auth();
    for (let i = 0; i < u.partCount; i++) {
      const res = await fetch(`${fx.api.url}/api/uploads/${u.id}/parts/${i}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        body: bytes.subarray(i * u.partSize, (i + 1) * u.partSize),
      });
      expect(res.status).toBe(200);
      await res.text();
    }
    expect((await organizer.json('POST', `/api/uploads/${u.id}/complete`)).status).toBe(200);
    const resumed = await organizer.json('POST', '/api/competitions', { uploadId: u.id });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(201);
    // Both keep the bundle as uploaded, and the same input data zip (same bytes: copied, not recompressed).
    const kept = await fx.db.query<{ bundle_key: string; sha256: string; storage_key: string }>(
      `SELECT c.bundle_key, d.sha256, d.storage_key FROM competitions c
         JOIN tasks t ON t.competition_id = c.id JOIN datasets d ON d.id = t.input_data_id
        WHERE c.id = ANY($1::uuid[])`,
      [[direct.body.id, resumed.body.id]],
    );
    expect(kept).toHaveLength(2);
    expect(kept[0].sha256).toBe(kept[1].sha256);
    for (const k of kept) {
      expect(await storedBytes(k.bundle_key)).toEqual(bytes);
    }
    // The CSV is in the dataset zip as the bundle deflated it.
    const deflated = deflateRawSync(csv);
    expect((await storedBytes(kept[0].storage_key)).includes(deflated)).toBe(true);
  });
});
