import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type CliEnv, configPath } from '../api/cli-config';

/** What identifies one file's upload: the same file (path, size, mtime) to the same server for the same use. */
export interface UploadKey {
  server: string;
  /** Absolute path of the file. */
  path: string;
  size: number;
  mtimeMs: number;
  purpose: 'submission' | 'bundle';
}

interface Entry {
  uploadId: string;
  savedAt: string;
}

/** Entries older than this are dropped: the server has let their uploads expire long before. */
const KEEP_MS = 14 * 24 * 3600 * 1000;

/** `uploads.json` beside config.json: where a re-run finds the upload to resume. */
export function uploadStatePath(env: CliEnv): string {
  return join(dirname(configPath(env)), 'uploads.json');
}

export function keyOf(key: UploadKey): string {
  return JSON.stringify([key.server.replace(/\/+$/, ''), key.path, key.size, Math.trunc(key.mtimeMs), key.purpose]);
}

/** The upload ids of files not yet fully uploaded (or uploaded but not yet used), one small JSON file. */
export class UploadState {
  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: UploadKey): Promise<string | undefined> {
    return (await this.read())[keyOf(key)]?.uploadId;
  }

  async set(key: UploadKey, uploadId: string): Promise<void> {
    const entries = await this.read();
    entries[keyOf(key)] = { uploadId, savedAt: new Date(this.now()).toISOString() };
    await this.write(entries);
  }

  async forget(key: UploadKey): Promise<void> {
    const entries = await this.read();
    if (!(keyOf(key) in entries)) {
      return;
    }
    delete entries[keyOf(key)];
    await this.write(entries);
  }

  private async read(): Promise<Record<string, Entry>> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      // Missing or damaged: nothing to resume, which only costs a fresh upload.
      return {};
    }
    const entries: Record<string, Entry> = {};
    if (!parsed || typeof parsed !== 'object') {
      return entries;
    }
    for (const [k, v] of Object.entries(parsed as Record<string, Partial<Entry>>)) {
      const saved = Date.parse(v?.savedAt ?? '');
      if (typeof v?.uploadId === 'string' && this.now() - saved < KEEP_MS) {
        entries[k] = { uploadId: v.uploadId, savedAt: v.savedAt! };
      }
    }
    return entries;
  }

  private async write(entries: Record<string, Entry>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    // Written aside then renamed, so an interrupted CLI never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}
