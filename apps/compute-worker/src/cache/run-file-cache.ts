import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CachedFile {
  key: string;
  etag: string;
  path: string;
  size: number;
  lastUsed: number;
}

/**
 * Programs and data zips kept between runs, bounded in bytes, least recently used evicted first (Codabench wipes its
 * whole cache when it is full). Entries are checked with the API on each use (If-None-Match), so an organizer's edit
 * is never served stale. The index is rebuilt from disk at start, so the cache survives a worker restart.
 */
export class RunFileCache {
  private readonly entries = new Map<string, CachedFile>();
  private total = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) {
        continue;
      }
      try {
        const meta = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as CachedFile;
        const { size } = await stat(meta.path);
        this.entries.set(meta.key, { ...meta, size });
        this.total += size;
      } catch {
        // A half-written entry (crash mid-store) is dropped.
        await rm(join(this.dir, name), { force: true });
      }
    }
    await this.evict();
  }

  get sizeBytes(): number {
    return this.total;
  }

  lookup(key: string): CachedFile | undefined {
    return this.entries.get(key);
  }

  /** Copies the cached file to `dest` and marks it used. */
  async restore(entry: CachedFile, dest: string): Promise<void> {
    await copyFile(entry.path, dest);
    entry.lastUsed = Date.now();
    await this.writeMeta(entry);
  }

  /** Keeps a copy of a downloaded file; a file larger than the whole cache is not kept. */
  async store(key: string, etag: string, src: string): Promise<void> {
    const { size } = await stat(src);
    if (size > this.maxBytes) {
      return;
    }
    const base = join(this.dir, createHash('sha256').update(key).digest('hex'));
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.size;
    }
    const tmp = `${base}.tmp`;
    await copyFile(src, tmp);
    await rename(tmp, `${base}.zip`);
    const entry: CachedFile = { key, etag, path: `${base}.zip`, size, lastUsed: Date.now() };
    await this.writeMeta(entry);
    this.entries.set(key, entry);
    this.total += size;
    await this.evict();
  }

  private async evict(): Promise<void> {
    const byAge = [...this.entries.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of byAge) {
      if (this.total <= this.maxBytes) {
        return;
      }
      this.entries.delete(entry.key);
      this.total -= entry.size;
      await rm(entry.path, { force: true });
      await rm(entry.path.replace(/\.zip$/, '.json'), { force: true });
    }
  }

  private async writeMeta(entry: CachedFile): Promise<void> {
    await writeFile(entry.path.replace(/\.zip$/, '.json'), JSON.stringify(entry));
  }
}
