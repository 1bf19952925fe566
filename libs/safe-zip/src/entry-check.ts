import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

/** What the check needs of an entry: where its bytes are in the file and what its header declares. */
export interface EntryToCheck {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

export interface EntryProblem {
  name: string;
  message: string;
}

/**
 * Reads every entry through, decompressing, `concurrency` at a time, largest first; resolves with the first entry
 * whose content is not what its header declares, or null. `signal` stops the check and rejects it. It runs in the
 * caller's thread: zlib inflates on libuv's threads already, and a worker thread of its own (tried for issue 20) added
 * some 35 MB to the API's resident memory for a saving in garbage collection that did not show in the import's time.
 * Inflating stops as soon as an entry gives more than it declares, so a bomb is never inflated further than that.
 */
export async function checkEntries(
  path: string,
  entries: EntryToCheck[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<EntryProblem | null> {
  signal?.throwIfAborted();
  const queue = [...entries].sort((a, b) => b.compressedSize - a.compressedSize);
  let failure: EntryProblem | null = null;
  const streams = new Set<NodeJS.ReadableStream & { destroy(e?: Error): void }>();
  const checkOne = async (entry: EntryToCheck): Promise<string | null> => {
    if (entry.method !== 0 && entry.method !== 8) {
      return `uses compression method ${entry.method}; only store (0) and deflate (8) are supported`;
    }
    const raw =
      entry.compressedSize === 0
        ? null
        : fs.createReadStream(path, {
            start: entry.dataStart,
            end: entry.dataStart + entry.compressedSize - 1,
            highWaterMark: 256 * 1024,
          });
    const inflate = entry.method === 8 ? zlib.createInflateRaw({ chunkSize: 256 * 1024 }) : null;
    if (raw && inflate) {
      raw.on('error', (e) => inflate.destroy(e));
      raw.pipe(inflate);
    }
    const content = inflate ?? raw;
    if (!content) {
      return entry.size === 0 && entry.crc32 >>> 0 === 0
        ? null
        : `holds fewer than the ${entry.size} bytes its header declares`;
    }
    if (raw) {
      streams.add(raw);
    }
    if (inflate) {
      streams.add(inflate);
    }
    if (!raw && inflate) {
      inflate.end();
    }
    let size = 0;
    let crc = 0;
    try {
      for await (const chunk of content) {
        size += (chunk as Buffer).length;
        if (size > entry.size) {
          return `holds more than the ${entry.size} bytes its header declares`;
        }
        crc = zlib.crc32(chunk as Buffer, crc);
      }
    } catch (e) {
      return `cannot be read (${(e as Error).message})`;
    } finally {
      raw?.destroy();
      inflate?.destroy();
      if (raw) {
        streams.delete(raw);
      }
      if (inflate) {
        streams.delete(inflate);
      }
    }
    if (size < entry.size) {
      return `holds fewer than the ${entry.size} bytes its header declares`;
    }
    if (crc >>> 0 !== entry.crc32 >>> 0) {
      return 'does not match its CRC-32 (corrupt data)';
    }
    return null;
  };
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry && !failure && !signal?.aborted; entry = queue.shift()) {
      const message = await checkOne(entry);
      if (message && !failure) {
        failure = { name: entry.name, message };
        for (const s of streams) {
          s.destroy();
        }
      }
    }
  };
  const stop = () => {
    for (const s of streams) {
      s.destroy();
    }
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  signal?.throwIfAborted();
  return failure;
}
