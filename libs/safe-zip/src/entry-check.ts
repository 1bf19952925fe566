import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
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

/** Archives holding more than this (compressed) are checked in a worker thread. */
const WORKER_BYTES = 32 * 1024 * 1024;

/**
 * Reads every entry through, decompressing, `concurrency` at a time, largest first; resolves with the first entry
 * whose content is not what its header declares, or null. Large archives are checked in a worker thread: a gigabyte
 * inflated makes gigabytes of short-lived buffers, and in the API's thread each collection of them walks its whole
 * heap (a third of an import's time went to the garbage collector); a worker's heap is a few megabytes. `signal`
 * stops the check (the worker is ended) and rejects it.
 */
export async function checkEntries(
  path: string,
  entries: EntryToCheck[],
  concurrency: number,
  signal?: AbortSignal,
  workerAbove = WORKER_BYTES,
): Promise<EntryProblem | null> {
  signal?.throwIfAborted();
  const bytes = entries.reduce((n, e) => n + e.compressedSize, 0);
  if (bytes > workerAbove) {
    const answer = await inWorker(path, entries, concurrency, signal);
    if (answer.ran) return answer.problem;
    // The worker could not run the check at all (its source broken by a build that adds helpers around functions, a
    // worker refused by the runtime): the answer must not depend on that, so the check runs here, only slower.
    process.emitWarning(`zip check in a worker thread failed, checked in the main thread instead: ${answer.why}`);
  }
  return checkEntriesHere(fs, zlib, path, entries, concurrency, signal);
}

type WorkerAnswer = { ran: true; problem: EntryProblem | null } | { ran: false; why: string };

async function inWorker(path: string, entries: EntryToCheck[], concurrency: number, signal?: AbortSignal): Promise<WorkerAnswer> {
  // The function's own source runs in the worker (it uses only the modules it is given), so nothing is bundled apart;
  // checkEntriesHere never rejects for a zip's content, so an `error` posted back means the source itself failed.
  const source = `const { parentPort, workerData: w } = require('node:worker_threads');
const check = ${checkEntriesHere.toString()};
check(require('node:fs'), require('node:zlib'), w.path, w.entries, w.concurrency).then(
  (problem) => parentPort.postMessage({ problem }),
  (e) => parentPort.postMessage({ error: String((e && e.stack) || e) }),
);`;
  let worker: Worker;
  try {
    worker = new Worker(source, { eval: true, workerData: { path, entries, concurrency } });
  } catch (e) {
    return { ran: false, why: String(e) };
  }
  let aborted!: (e: unknown) => void;
  const stopped = new Promise<never>((_, reject) => (aborted = reject));
  const stop = () => aborted(signal!.reason);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const answer = await Promise.race([
      stopped,
      new Promise<{ problem?: EntryProblem | null; error?: string }>((resolve) => {
        worker.once('message', resolve);
        worker.once('error', (e) => resolve({ error: String((e && e.stack) || e) }));
        worker.once('exit', (code) => resolve({ error: `exited with code ${code} before answering` }));
      }),
    ]);
    return answer.error === undefined ? { ran: true, problem: answer.problem ?? null } : { ran: false, why: answer.error };
  } finally {
    signal?.removeEventListener('abort', stop);
    void worker.terminate();
  }
}

/**
 * The check itself: self-contained (modules as parameters, no closure over this file), as a worker runs its source.
 * Inflating stops as soon as an entry gives more than it declares, so a bomb is never inflated further than that.
 */
export async function checkEntriesHere(
  fsModule: typeof fs,
  zlibModule: typeof zlib,
  path: string,
  entries: EntryToCheck[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<EntryProblem | null> {
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
        : fsModule.createReadStream(path, {
            start: entry.dataStart,
            end: entry.dataStart + entry.compressedSize - 1,
            highWaterMark: 256 * 1024,
          });
    const inflate = entry.method === 8 ? zlibModule.createInflateRaw({ chunkSize: 256 * 1024 }) : null;
    if (raw && inflate) {
      raw.on('error', (e) => inflate.destroy(e));
      raw.pipe(inflate);
    }
    const content = inflate ?? raw;
    if (!content) return entry.size === 0 && (entry.crc32 >>> 0) === 0 ? null : `holds fewer than the ${entry.size} bytes its header declares`;
    if (raw) streams.add(raw);
    if (inflate) streams.add(inflate);
    if (!raw && inflate) inflate.end();
    let size = 0;
    let crc = 0;
    try {
      for await (const chunk of content) {
        size += (chunk as Buffer).length;
        if (size > entry.size) return `holds more than the ${entry.size} bytes its header declares`;
        crc = zlibModule.crc32(chunk as Buffer, crc);
      }
    } catch (e) {
      return `cannot be read (${(e as Error).message})`;
    } finally {
      raw?.destroy();
      inflate?.destroy();
      if (raw) streams.delete(raw);
      if (inflate) streams.delete(inflate);
    }
    if (size < entry.size) return `holds fewer than the ${entry.size} bytes its header declares`;
    if (crc >>> 0 !== entry.crc32 >>> 0) return 'does not match its CRC-32 (corrupt data)';
    return null;
  };
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry && !failure && !signal?.aborted; entry = queue.shift()) {
      const message = await checkOne(entry);
      if (message && !failure) {
        failure = { name: entry.name, message };
        for (const s of streams) s.destroy();
      }
    }
  };
  const stop = () => {
    for (const s of streams) s.destroy();
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
