import { createHash } from 'node:crypto';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deflateRawSync } from 'node:zlib';
import { writeZip, type ZipWriterEntry } from '@arena/safe-zip';
import { normalizeBundlePath } from '../source/bundle-paths';
import type { BundleSource } from '../source/bundle-source';

// A fixed local-time stamp: zipping the same files gives the same bytes (and sha256) on any machine and in any time
// zone, so the same part imported twice is stored as the same zip.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Already compressed: deflating them again costs CPU for nothing.
const STORED = /\.(zip|gz|tgz|bz2|xz|zst|7z|rar|png|jpe?g|gif|webp|mp4|mp3|npz|parquet|h5|pt|pth|onnx)$/i;
/** How much of a file is deflated (fastest level) to tell whether deflating the rest is worth it. */
const SAMPLE_BYTES = 64 * 1024;

export interface PartZipResult {
  /** Bytes written to `out`. */
  bytes: number;
  /** Hex sha256 of exactly those bytes. */
  sha256: string;
}

/**
 * Streams the part named `path` as a zip into `out`: a nested `.zip` is copied as is; a folder is zipped on the fly
 * (entries relative to it, macOS litter left out, files read one at a time). Files of a zip bundle are copied as the
 * bundle stores them, deflated bytes with their CRC-32 and sizes, never inflated and deflated again (the caller awaits
 * `source.verified()` for their content); files of a folder are deflated, or stored when they would not shrink.
 * Hashing runs on the bytes as they go out. Nothing is buffered whole.
 */
export async function writePartZip(
  source: BundleSource,
  path: string,
  out: Writable,
  options: { signal?: AbortSignal } = {},
): Promise<PartZipResult> {
  const p = normalizeBundlePath(path);
  if (!p) {
    throw new Error(`${source.label}: ${path} is not a path inside the bundle`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  if (source.hasFile(p)) {
    if (!/\.zip$/i.test(p)) {
      throw new Error(`${source.label}: ${p} is a file but not a .zip archive`);
    }
    // A nested zip stored in the bundle (zippers do not deflate .zip files) is read straight from the bundle's file.
    const raw = await source.rawFile(p);
    await pipeline(raw?.method === 0 ? await raw.open() : source.openRead(p), meter, out, options);
  } else if (source.hasDir(p)) {
    const prefix = `${p}/`;
    const files = source
      .files()
      .filter((f) => f.startsWith(prefix))
      .sort();
    await pipeline(writeZip(partEntries(source, files, prefix), { mtime: FIXED_MTIME }), meter, out, options);
  } else {
    throw new Error(`${source.label}: ${p} is neither a .zip file nor a folder of the bundle`);
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function* partEntries(source: BundleSource, files: string[], prefix: string): AsyncGenerator<ZipWriterEntry> {
  for (const file of files) {
    const name = file.slice(prefix.length);
    const raw = await source.rawFile(file);
    if (raw && (raw.method === 0 || raw.method === 8)) {
      const { method, crc32, compressedSize, size } = raw;
      yield { kind: 'raw', name, mode: 0o100644, method, crc32, compressedSize, size, open: () => raw.open() };
    } else {
      const compress = !STORED.test(file) && (await shrinks(source, file));
      yield { kind: 'stream', name, mode: 0o100644, compress, open: () => source.openRead(file) };
    }
  }
}

/** False for data that deflate cannot shrink by a tenth (random, encrypted, already compressed): stored instead. */
async function shrinks(source: BundleSource, file: string): Promise<boolean> {
  if ((source.size(file) ?? 0) <= SAMPLE_BYTES) {
    return true;
  }
  const stream = source.openRead(file);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= SAMPLE_BYTES) {
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  const sample = Buffer.concat(chunks).subarray(0, SAMPLE_BYTES);
  return deflateRawSync(sample, { level: 1 }).length < sample.length * 0.9;
}
