import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SafeZip } from './open-zip';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits';

export interface ExtractOptions {
  limits?: ZipLimits;
  /** Only entries under this prefix, written relative to it (a folder inside the archive). */
  prefix?: string;
  /** Entries to leave out, e.g. macOS `__MACOSX/` metadata. */
  skip?: (name: string) => boolean;
  /** File mode for extracted files; directories get the matching search bits. */
  fileMode?: number;
}

/** Unpacks a checked archive into `dest`, entry by entry, never holding a whole entry in memory. */
export async function extractZip(
  archive: string,
  dest: string,
  options: ExtractOptions = {},
): Promise<{ files: number; bytes: number }> {
  const zip = await SafeZip.open(archive, options.limits ?? DEFAULT_ZIP_LIMITS);
  const root = resolve(dest);
  const prefix = options.prefix ?? '';
  let files = 0;
  let bytes = 0;
  try {
    await mkdir(root, { recursive: true, mode: 0o755 });
    for (const entry of zip.entries) {
      if (!entry.name.startsWith(prefix) || options.skip?.(entry.name)) {
        continue;
      }
      const rel = entry.name.slice(prefix.length);
      if (rel === '') {
        continue;
      }
      const target = resolve(join(root, rel));
      // Names were checked at open; this guards against a future change of those rules.
      if (target !== root && !target.startsWith(root + sep)) {
        throw new Error(`${entry.name}: escapes the destination`);
      }
      if (entry.isDirectory) {
        await mkdir(target, { recursive: true, mode: 0o755 });
        continue;
      }
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      await pipeline(
        await zip.openReadStream(entry.name),
        createWriteStream(target, { mode: options.fileMode ?? 0o644 }),
      );
      files += 1;
      bytes += entry.size;
    }
  } finally {
    zip.close();
  }
  return { files, bytes };
}
