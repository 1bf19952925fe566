import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { BlobNotFoundError, BlobStore, type StoredObject, type StoredPart } from './blob-store';

/** The embedded default: objects are files under one folder, written to a temporary name then renamed. */
export class LocalBlobStore extends BlobStore {
  private readonly root: string;

  constructor(dir: string) {
    super();
    this.root = resolve(dir);
  }

  private path(key: string): string {
    const p = resolve(join(this.root, key));
    if (!p.startsWith(this.root + sep)) throw new Error(`storage key escapes the storage folder: ${key}`);
    return p;
  }

  async ready(): Promise<void> {
    await mkdir(join(this.root, '.tmp'), { recursive: true });
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    const target = this.path(key);
    const tmp = join(this.root, '.tmp', randomUUID());
    let size = 0;
    body.on('data', (c: Buffer) => (size += c.length));
    try {
      await pipeline(body, createWriteStream(tmp));
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { size };
  }

  async get(key: string): Promise<Readable> {
    const p = this.path(key);
    if ((await this.size(key)) === null) throw new BlobNotFoundError(key);
    return createReadStream(p);
  }

  async getRange(key: string, start: number, end: number): Promise<Readable> {
    const p = this.path(key);
    if ((await this.size(key)) === null) throw new BlobNotFoundError(key);
    return createReadStream(p, { start, end });
  }

  async presignGet(_key: string, _fileName: string): Promise<null> {
    return null;
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.path(k), { force: true })));
  }

  /** Files under the folder, but the temporary ones (.tmp) and unfinished parts (.parts). */
  async *list(prefix: string): AsyncIterable<StoredObject> {
    const walk = async function* (dir: string, rel: string): AsyncIterable<StoredObject> {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (!rel && (e.name === '.tmp' || e.name === '.parts')) continue;
        if (e.isDirectory()) yield* walk(join(dir, e.name), key);
        else if (e.isFile() && key.startsWith(prefix)) {
          const s = await stat(join(dir, e.name)).catch(() => null);
          if (s) yield { key, size: s.size, modifiedAt: s.mtime };
        }
      }
    };
    yield* walk(this.root, '');
  }

  /** Parts are written at their offsets into one file under .parts, which completeParts renames into place. */
  private partsFile(session: string): string {
    if (!/^[0-9a-f-]{36}$/.test(session)) throw new Error(`not a parts session: ${session}`);
    return join(this.root, '.parts', session);
  }

  async startParts(): Promise<string> {
    const session = randomUUID();
    await mkdir(join(this.root, '.parts'), { recursive: true });
    await writeFile(this.partsFile(session), '');
    return session;
  }

  async putPart(_key: string, session: string, part: StoredPart, body: Readable): Promise<null> {
    await pipeline(body, createWriteStream(this.partsFile(session), { flags: 'r+', start: part.offset }));
    return null;
  }

  async completeParts(key: string, session: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(this.partsFile(session), target);
  }

  async abortParts(_key: string, session: string): Promise<void> {
    await rm(this.partsFile(session), { force: true });
  }
}
