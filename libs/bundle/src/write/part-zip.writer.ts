import { createHash } from 'node:crypto';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yazl from 'yazl';
import { normalizeBundlePath } from '../source/bundle-paths';
import type { BundleSource } from '../source/bundle-source';

// A fixed local-time stamp and no extended UTC field: zipping the same folder gives the same bytes (and sha256)
// on any machine and in any time zone, so identical parts can be stored once.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Already compressed: deflating them again costs CPU for nothing.
const STORED = /\.(zip|gz|tgz|bz2|xz|zst|7z|rar|png|jpe?g|gif|webp|mp4|mp3|npz|parquet|h5|pt|pth|onnx)$/i;

export interface PartZipResult {
  /** Bytes written to `out`. */
  bytes: number;
  /** Hex sha256 of exactly those bytes. */
  sha256: string;
}

/**
 * Streams the part named `path` as a zip into `out`: a nested `.zip` is copied as is; a folder is zipped on the fly
 * (entries relative to it, macOS litter left out, files read one at a time). Nothing is buffered whole.
 */
export async function writePartZip(source: BundleSource, path: string, out: Writable): Promise<PartZipResult> {
  const p = normalizeBundlePath(path);
  if (!p) throw new Error(`${source.label}: ${path} is not a path inside the bundle`);
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
    if (!/\.zip$/i.test(p)) throw new Error(`${source.label}: ${p} is a file but not a .zip archive`);
    await pipeline(source.openRead(p), meter, out);
  } else if (source.hasDir(p)) {
    const prefix = `${p}/`;
    const zip = new yazl.ZipFile();
    for (const file of source.files().filter((f) => f.startsWith(prefix)).sort()) {
      const options = { mtime: FIXED_MTIME, forceDosTimestamp: true, mode: 0o100644, compress: !STORED.test(file) };
      zip.addReadStreamLazy(file.slice(prefix.length), options, (cb) => {
        try {
          cb(null, source.openRead(file));
        } catch (e) {
          cb(e, undefined as unknown as NodeJS.ReadableStream);
        }
      });
    }
    zip.end();
    await pipeline(zip.outputStream, meter, out);
  } else {
    throw new Error(`${source.label}: ${p} is neither a .zip file nor a folder of the bundle`);
  }
  return { bytes, sha256: hash.digest('hex') };
}
