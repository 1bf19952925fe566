import { createReadStream, createWriteStream } from 'node:fs';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { BlobNotFoundError, BlobStore, type StoredObject, type StoredPart } from './blob-store';

/** The embedded default: objects are files under one folder, written to a temporary name then renamed. */
export class LocalBlobStore extends BlobStore {
  readonly remote = false;
  private readonly root: string;

  constructor(dir: string) {
    super();
    this.root = resolve(dir);
  }

  private path(key: string): string {
    const p = resolve(join(this.root, key));
    if (!p.startsWith(this.root + sep)) {
      throw new Error(`storage key escapes the storage folder: ${key}`);
    }
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

  async putFile(key: string, path: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = join(this.root, '.tmp', randomUUID());
    try {
      // Linked under a temporary name, then renamed: the object appears whole or not at all.
      await link(path, tmp).catch(async (e: NodeJS.ErrnoException) => {
        // Another file system (EXDEV) or one without links: copied, by reflink where the file system has them.
        if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(e.code ?? '')) {
          throw e;
        }
        await copyFile(path, tmp, constants.COPYFILE_FICLONE);
      });
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    if ((await this.size(fromKey)) === null) {
      throw new BlobNotFoundError(fromKey);
    }
    await this.putFile(toKey, this.path(fromKey));
  }

  async localPath(key: string): Promise<string | null> {
    return (await this.size(key)) === null ? null : this.path(key);
  }

  async get(key: string): Promise<Readable> {
    const p = this.path(key);
    if ((await this.size(key)) === null) {
      throw new BlobNotFoundError(key);
    }
    // 1 MiB reads, not 64 KiB: an export of gigabytes passes each chunk through its zip writer and the socket; the
    // writer alone took some 30% less CPU with them (400 MB: 0.83 s against 1.18 s, mean of six runs).
    return createReadStream(p, { highWaterMark: 1024 * 1024 });
  }

  async getRange(key: string, start: number, end: number): Promise<Readable> {
    const p = this.path(key);
    if ((await this.size(key)) === null) {
      throw new BlobNotFoundError(key);
    }
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
        if (!rel && (e.name === '.tmp' || e.name === '.parts')) {
          continue;
        }
        if (e.isDirectory()) {
          yield* walk(join(dir, e.name), key);
        } else if (e.isFile() && key.startsWith(prefix)) {
          const s = await stat(join(dir, e.name)).catch(() => null);
          if (s) {
            yield { key, size: s.size, modifiedAt: s.mtime };
          }
        }
      }
    };
    yield* walk(this.root, '');
  }

  /** Parts are written at their offsets into one file under .parts, which completeParts renames into place. */
  private partsFile(session: string): string {
    if (!/^[0-9a-f-]{36}$/.test(session)) {
      throw new Error(`not a parts session: ${session}`);
    }
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
