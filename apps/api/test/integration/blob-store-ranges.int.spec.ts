import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, type BlobStore } from '../../src/storage/blob-store';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { S3BlobStore } from '../../src/storage/s3-blob-store';
import { TEST_ENV } from '../support/test-env';

let dir: string;
const s3 = (extra: { presignTtlSec?: number; publicEndpoint?: string; bucket?: string } = {}) =>
  new S3BlobStore({
    endpoint: TEST_ENV.s3.endpoint,
    bucket: `arena-ranges-${randomBytes(4).toString('hex')}`,
    region: 'us-east-1',
    accessKeyId: TEST_ENV.s3.accessKeyId,
    secretAccessKey: TEST_ENV.s3.secretAccessKey,
    forcePathStyle: true,
    ...extra,
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-ranges-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  { name: 'local filesystem', make: (): BlobStore => new LocalBlobStore(join(dir, 'storage')) },
  { name: 'S3 (Ceph radosgw)', make: (): BlobStore => s3() },
])('byte ranges on $name', ({ make }) => {
  let store: BlobStore;
  const bytes = randomBytes(100_000);
  const key = `datasets/${randomBytes(4).toString('hex')}.zip`;

  beforeAll(async () => {
    store = make();
    await store.ready();
    await store.put(key, Readable.from([bytes]));
  });

  it('reads the bytes from start to end, both included', async () => {
    expect((await buffer(await store.getRange(key, 0, 0))).equals(bytes.subarray(0, 1))).toBe(true);
    expect((await buffer(await store.getRange(key, 12_345, 99_999))).equals(bytes.subarray(12_345))).toBe(true);
    expect((await buffer(await store.getRange(key, 500, 1499))).equals(bytes.subarray(500, 1500))).toBe(true);
  });

  it('says an object is missing with BlobNotFoundError', async () => {
    await expect(store.getRange('datasets/missing.zip', 0, 10)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get('datasets/missing.zip')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['9 MB', 9_000_000],
  ])('get reads the whole object in order: %s', async (_name, size) => {
    const whole = randomBytes(size);
    const big = `datasets/${randomBytes(4).toString('hex')}.zip`;
    await store.put(big, Readable.from([whole]));
    try {
      const read = await buffer(await store.get(big));
      expect(read.length).toBe(size);
      expect(read.equals(whole)).toBe(true);
    } finally {
      await store.delete([big]);
    }
  });
});

describe('presigned GET URLs', () => {
  it('local storage has none: the API streams the object itself', async () => {
    expect(await new LocalBlobStore(join(dir, 'storage')).presignGet('datasets/x.zip', 'x.zip')).toBeNull();
  });

  it('S3: the URL reads the object (ranges too) without credentials, as an attachment, until it expires', async () => {
    const store = s3({ presignTtlSec: 2 });
    await store.ready();
    const bytes = randomBytes(10_000);
    await store.put('datasets/p.zip', Readable.from([bytes]));
    const before = Date.now();
    const { url, expiresAt } = await store.presignGet('datasets/p.zip', 'public "data".zip');
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 2000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="public__data_.zip"');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(url, { headers: { range: 'bytes=9000-' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(9000))).toBe(true);
    const tampered = await fetch(url.replace('p.zip', 'q.zip'));
    expect(tampered.status).toBe(403);
    await tampered.arrayBuffer();
    await new Promise((r) => setTimeout(r, 3500));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    await expired.arrayBuffer();
  });

  it("S3: URLs are signed for S3_PUBLIC_ENDPOINT, the address clients use, when it differs from the API's", async () => {
    const bucket = `arena-ranges-${randomBytes(4).toString('hex')}`;
    const internal = s3({ bucket });
    await internal.ready();
    const bytes = randomBytes(1000);
    await internal.put('datasets/pub.zip', Readable.from([bytes]));
    const publicEndpoint = TEST_ENV.s3.endpoint.replace('127.0.0.1', 'localhost');
    expect(publicEndpoint).not.toBe(TEST_ENV.s3.endpoint);
    const signedForPublic = s3({ publicEndpoint, bucket });
    const { url } = await signedForPublic.presignGet('datasets/pub.zip', 'pub.zip');
    expect(url.startsWith(`${publicEndpoint}/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
