// Object stores as the backup sees them: the platform's (a folder or an S3 bucket) and the backup's own folder. Keys
// are the platform's storage keys (posix paths); a store lists each object with a stamp that changes when it does
// (a file's size and mtime, an S3 ETag).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';

const require = createRequire(import.meta.url);

/** The local store's working folders (temporary writes, resumable upload parts): never objects. */
const NOT_OBJECTS = new Set(['.tmp', '.parts']);

export class LocalStore {
  constructor(dir) {
    this.root = resolve(dir);
  }

  path(key) {
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error(`storage key escapes the folder: ${key}`);
    return p;
  }

  async ready() {
    await mkdir(join(this.root, '.tmp'), { recursive: true });
  }

  /** @returns {Promise<{ key: string, size: number, stamp: string }[]>} */
  async list() {
    const out = [];
    const walk = async (dir) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (e.code === 'ENOENT') return;
        throw e;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!(dir === this.root && NOT_OBJECTS.has(e.name))) await walk(p);
        } else if (e.isFile()) {
          const s = await stat(p).catch(() => null);
          if (s)
            out.push({
              key: relative(this.root, p).split(sep).join('/'),
              size: s.size,
              stamp: `${s.size}:${s.mtimeMs}`,
            });
        }
      }
    };
    await walk(this.root);
    return out;
  }

  read(key) {
    return new Promise((done, fail) => {
      const s = createReadStream(this.path(key));
      s.once('open', () => done(s)).once('error', fail);
    });
  }

  /** Written to a temporary name, then renamed: never a half object under its key. */
  async write(key, body) {
    const target = this.path(key);
    const tmp = join(this.root, '.tmp', randomUUID());
    await mkdir(dirname(tmp), { recursive: true });
    try {
      await pipeline(body, createWriteStream(tmp));
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async remove(keys) {
    for (const k of keys) await rm(this.path(k), { force: true });
  }
}

export class S3Store {
  constructor(s3) {
    const sdk = require('@aws-sdk/client-s3');
    this.sdk = sdk;
    this.bucket = s3.bucket;
    this.client = new sdk.S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      credentials:
        s3.accessKeyId && s3.secretAccessKey
          ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
          : undefined,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Creates the bucket where it does not exist yet (a restore onto a new S3 server). */
  async ready() {
    try {
      await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      if (e?.$metadata?.httpStatusCode !== 404) throw e;
      await this.client.send(new this.sdk.CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async list() {
    const out = [];
    let token;
    do {
      const page = await this.client.send(
        new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) out.push({ key: o.Key, size: o.Size ?? 0, stamp: `${o.Size}:${o.ETag}` });
      token = page.NextContinuationToken;
    } while (token);
    return out;
  }

  async read(key) {
    try {
      return (await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body;
    } catch (e) {
      if (e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404)
        throw Object.assign(new Error(`no object ${key}`), { code: 'ENOENT' });
      throw e;
    }
  }

  async write(key, body) {
    const { Upload } = require('@aws-sdk/lib-storage');
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    }).done();
  }

  async remove(keys) {
    for (let i = 0; i < keys.length; i += 1000) {
      const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      await this.client.send(new this.sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects } }));
    }
  }
}

export function platformStore(storage) {
  return storage.kind === 'local' ? new LocalStore(storage.dir) : new S3Store(storage.s3);
}

/**
 * Copies what `from` holds into `to`: every object whose stamp is not the one `copied` recorded for it (all of them
 * the first time; on a second pass only those that are new or changed since). An object deleted between the listing
 * and its copy is skipped. `copied` (key -> stamp) is updated in place.
 * @returns {Promise<{ copied: number, unchanged: number, vanished: number, bytes: number }>}
 */
export async function copyObjects(from, to, copied) {
  const result = { copied: 0, unchanged: 0, vanished: 0, bytes: 0 };
  for (const o of await from.list()) {
    if (copied.get(o.key) === o.stamp) {
      result.unchanged++;
      continue;
    }
    let body;
    try {
      body = await from.read(o.key);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
      result.vanished++;
      continue;
    }
    await to.write(o.key, body);
    copied.set(o.key, o.stamp);
    result.copied++;
    result.bytes += o.size;
  }
  return result;
}
