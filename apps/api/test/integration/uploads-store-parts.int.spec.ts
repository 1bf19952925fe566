import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/storage/blob-store';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { S3BlobStore } from '../../src/storage/s3-blob-store';
import { TEST_ENV } from '../support/test-env';

const MiB = 1024 * 1024;
let dir: string;

const stores: { name: string; make: () => BlobStore }[] = [
  { name: 'local filesystem', make: () => new LocalBlobStore(join(dir, 'storage')) },
  {
    name: 'S3 (Ceph radosgw)',
    make: () =>
      new S3BlobStore({
        endpoint: TEST_ENV.s3.endpoint,
        bucket: `arena-parts-${randomBytes(4).toString('hex')}`,
        region: 'us-east-1',
        accessKeyId: TEST_ENV.s3.accessKeyId,
        secretAccessKey: TEST_ENV.s3.secretAccessKey,
        forcePathStyle: true,
      }),
  },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-parts-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(stores)('stored parts on $name', ({ make }) => {
  let store: BlobStore;

  beforeAll(async () => {
    store = make();
    await store.ready();
  });

  it('joins parts sent out of order into one object, invisible until complete', async () => {
    const first = randomBytes(5 * MiB);
    const last = Buffer.from('the short last part');
    const key = `uploads/${randomBytes(4).toString('hex')}`;
    const session = await store.startParts(key);
    const etag1 = await store.putPart(
      key,
      session,
      { index: 1, offset: first.length, size: last.length },
      Readable.from([last]),
    );
    const etag0 = await store.putPart(
      key,
      session,
      { index: 0, offset: 0, size: first.length },
      Readable.from([first]),
    );
    expect(await store.size(key)).toBeNull();
    await store.completeParts(key, session, [
      { index: 1, etag: etag1 },
      { index: 0, etag: etag0 },
    ]);
    const whole = Buffer.concat([first, last]);
    expect(await store.size(key)).toBe(whole.length);
    const chunks: Buffer[] = [];
    for await (const c of await store.get(key)) {
      chunks.push(c as Buffer);
    }
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    await store.delete([key]);
  });

  it('fails a part whose body breaks off, promptly, instead of waiting for bytes that never come', async () => {
    const key = `uploads/${randomBytes(4).toString('hex')}`;
    const session = await store.startParts(key);
    const body = new PassThrough();
    const stored = store.putPart(key, session, { index: 0, offset: 0, size: 8 * MiB }, body);
    body.write(Buffer.alloc(MiB));
    setTimeout(() => body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 100);
    await expect(stored).rejects.toMatchObject({ code: 'ECONNRESET' });
    await store.abortParts(key, session);
    await store.abortParts(key, session);
    expect(await store.size(key)).toBeNull();
  }, 10_000);
});

it('keeps the local parts file out of the stored objects until complete', async () => {
  const store: BlobStore = new LocalBlobStore(join(dir, 'local-only'));
  await store.ready();
  const session = await store.startParts('uploads/x');
  await store.putPart('uploads/x', session, { index: 1, offset: 3, size: 3 }, Readable.from([Buffer.from('def')]));
  await store.putPart('uploads/x', session, { index: 0, offset: 0, size: 3 }, Readable.from([Buffer.from('abc')]));
  await store.completeParts('uploads/x', session, []);
  expect(await readFile(join(dir, 'local-only', 'uploads/x'), 'utf8')).toBe('abcdef');
  expect(await text(await store.get('uploads/x'))).toBe('abcdef');
});
