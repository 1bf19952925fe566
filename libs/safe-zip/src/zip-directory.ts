import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yazl from 'yazl';

export interface ZipDirectoryResult {
  files: number;
  bytes: number;
  /** Entries left out: symbolic links and other non-regular files, which could point outside the folder. */
  skipped: string[];
}

/** Lists regular files under `dir` (posix relative paths), without following links. */
export async function listRegularFiles(
  dir: string,
): Promise<{ files: { rel: string; size: number }[]; skipped: string[] }> {
  const files: { rel: string; size: number }[] = [];
  const skipped: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const name of (await readdir(current)).sort()) {
      const full = join(current, name);
      const st = await lstat(full);
      const rel = relative(dir, full).split('\\').join('/');
      if (st.isDirectory()) {
        await walk(full);
      } else if (st.isFile()) {
        files.push({ rel, size: st.size });
      } else {
        skipped.push(rel);
      }
    }
  }
  await walk(dir);
  return { files, skipped };
}

/**
 * Streams a zip of the regular files under `dir` into `out`. Files are opened one at a time, as the
 * archive reaches them. `maxBytes` refuses folders larger than the cap before writing anything.
 */
export async function zipDirectory(
  dir: string,
  out: Writable,
  options: { maxBytes?: number } = {},
): Promise<ZipDirectoryResult> {
  const { files, skipped } = await listRegularFiles(dir);
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  if (options.maxBytes !== undefined && bytes > options.maxBytes) {
    throw new Error(`${dir}: ${bytes} bytes exceeds the cap of ${options.maxBytes} bytes`);
  }
  const zip = new yazl.ZipFile();
  for (const f of files) {
    zip.addReadStreamLazy(f.rel, {}, (cb) => cb(null, createReadStream(join(dir, f.rel))));
  }
  zip.end();
  await pipeline(zip.outputStream, out);
  return { files: files.length, bytes, skipped };
}
