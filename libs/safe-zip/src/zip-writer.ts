import { Readable, Transform } from 'node:stream';
import { crc32 as zlibCrc32, createDeflateRaw } from 'node:zlib';

/**
 * One entry of a zip being written. `raw`: bytes already compressed with `method` (copied from another zip as they
 * are: no inflating and deflating again), whose CRC-32 and sizes are known, so the local header carries them. `stream`:
 * content read as it is written, stored or deflated, its CRC-32 and sizes given after it (data descriptor).
 */
export type ZipWriterEntry = RawZipEntry | StreamZipEntry;

interface EntryCommon {
  /** Posix path inside the zip. */
  name: string;
  /** Unix mode (file type and permissions); regular file 0o100644 when absent. */
  mode?: number;
}

export interface RawZipEntry extends EntryCommon {
  kind: 'raw';
  /** 0 (stored) or 8 (deflated). */
  method: 0 | 8;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Exactly `compressedSize` bytes, as they are in the archive they come from. */
  open: () => Readable | Promise<Readable>;
}

export interface StreamZipEntry extends EntryCommon {
  kind: 'stream';
  /** Deflate (level 6) when true, store when false. */
  compress: boolean;
  open: () => Readable | Promise<Readable>;
}

export interface ZipWriterOptions {
  /** The entries' modification time, written as a DOS time (local time of this date); 1980-01-01 when absent. */
  mtime?: Date;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const DATA_DESCRIPTOR = 0x08074b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const UTF8_NAME = 1 << 11;
const SIZES_AFTER_DATA = 1 << 3;
const MAX32 = 0xffffffff;
// Made by Unix (3), spec 6.3: external attributes hold the Unix mode, as Info-ZIP and yazl write them.
const MADE_BY = (3 << 8) | 63;
const NEEDS_20 = 20;
const NEEDS_ZIP64 = 45;

interface Written {
  name: Buffer;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  offset: number;
  externalAttributes: number;
}

/**
 * Streams a zip of `entries` in order, reading each source only when the writer reaches it (one open at a time, so
 * memory stays a few chunks whatever the sizes). The same entries give the same bytes. Zip64 records are written where
 * a size, an offset or the entry count needs them. The output fails when a raw source holds more or fewer bytes than
 * `compressedSize`.
 */
export function writeZip(
  entries: Iterable<ZipWriterEntry> | AsyncIterable<ZipWriterEntry>,
  options: ZipWriterOptions = {},
): Readable {
  const { time, date } = dosDateTime(options.mtime ?? new Date(1980, 0, 1));
  return Readable.from(zipChunks(entries, time, date), { objectMode: false, highWaterMark: 1024 * 1024 });
}

async function* zipChunks(
  entries: Iterable<ZipWriterEntry> | AsyncIterable<ZipWriterEntry>,
  time: number,
  date: number,
): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  let offset = 0;
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    if (name.length > 0xffff) {
      throw new Error(`${entry.name}: name too long for a zip`);
    }
    const externalAttributes = ((entry.mode ?? 0o100644) << 16) >>> 0;
    const w: Written = {
      name,
      method: 0,
      flags: UTF8_NAME,
      crc32: 0,
      compressedSize: 0,
      size: 0,
      offset,
      externalAttributes,
    };
    if (entry.kind === 'raw') {
      Object.assign(w, {
        method: entry.method,
        crc32: entry.crc32,
        compressedSize: entry.compressedSize,
        size: entry.size,
      });
      const header = localHeader(w, time, date, true);
      yield header;
      let copied = 0;
      for await (const chunk of await entry.open()) {
        copied += (chunk as Buffer).length;
        if (copied > entry.compressedSize) {
          throw new Error(`${entry.name}: more than the ${entry.compressedSize} bytes announced`);
        }
        yield chunk as Buffer;
      }
      if (copied !== entry.compressedSize) {
        throw new Error(`${entry.name}: ${copied} bytes instead of ${entry.compressedSize}`);
      }
      offset += header.length + copied;
    } else {
      w.method = entry.compress ? 8 : 0;
      w.flags |= SIZES_AFTER_DATA;
      const header = localHeader(w, time, date, false);
      yield header;
      const source = await entry.open();
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          w.crc32 = zlibCrc32(chunk, w.crc32);
          w.size += chunk.length;
          done(null, chunk);
        },
      });
      const stages: Readable[] = [source, counter];
      if (entry.compress) {
        stages.push(createDeflateRaw({ level: 6, chunkSize: 64 * 1024 }));
      }
      // pipe() does not pass errors on: each stage fails the next, so the loop below sees the first error.
      for (let i = 1; i < stages.length; i++) {
        stages[i - 1].on('error', (e) => stages[i].destroy(e));
        stages[i - 1].pipe(stages[i] as Transform);
      }
      try {
        for await (const chunk of stages[stages.length - 1]) {
          w.compressedSize += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      } finally {
        for (const s of stages) {
          s.destroy();
        }
      }
      const descriptor = dataDescriptor(w);
      yield descriptor;
      offset += header.length + w.compressedSize + descriptor.length;
    }
    written.push(w);
  }
  const directoryStart = offset;
  for (const w of written) {
    const header = centralHeader(w, time, date);
    offset += header.length;
    yield header;
  }
  yield* endRecords(written.length, directoryStart, offset - directoryStart);
}

function needsZip64(w: Written): boolean {
  return w.size >= MAX32 || w.compressedSize >= MAX32 || w.offset >= MAX32;
}

function localHeader(w: Written, time: number, date: number, sizesKnown: boolean): Buffer {
  const big = sizesKnown && (w.size >= MAX32 || w.compressedSize >= MAX32);
  const extra = big ? zip64Extra([w.size, w.compressedSize]) : Buffer.alloc(0);
  const b = Buffer.alloc(30);
  b.writeUInt32LE(LOCAL_HEADER, 0);
  b.writeUInt16LE(big ? NEEDS_ZIP64 : NEEDS_20, 4);
  b.writeUInt16LE(w.flags, 6);
  b.writeUInt16LE(w.method, 8);
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  b.writeUInt32LE(sizesKnown ? w.crc32 >>> 0 : 0, 14);
  b.writeUInt32LE(sizesKnown ? (big ? MAX32 : w.compressedSize) : 0, 18);
  b.writeUInt32LE(sizesKnown ? (big ? MAX32 : w.size) : 0, 22);
  b.writeUInt16LE(w.name.length, 26);
  b.writeUInt16LE(extra.length, 28);
  return Buffer.concat([b, w.name, extra]);
}

/** After the data of a streamed entry; 8-byte sizes where they do not fit in 4 (as yazl and Info-ZIP write them). */
function dataDescriptor(w: Written): Buffer {
  const big = w.size >= MAX32 || w.compressedSize >= MAX32;
  const b = Buffer.alloc(big ? 24 : 16);
  b.writeUInt32LE(DATA_DESCRIPTOR, 0);
  b.writeUInt32LE(w.crc32 >>> 0, 4);
  if (big) {
    b.writeBigUInt64LE(BigInt(w.compressedSize), 8);
    b.writeBigUInt64LE(BigInt(w.size), 16);
  } else {
    b.writeUInt32LE(w.compressedSize, 8);
    b.writeUInt32LE(w.size, 12);
  }
  return b;
}

function centralHeader(w: Written, time: number, date: number): Buffer {
  // The zip64 extra holds, in this order, only the fields set to 0xFFFFFFFF in the fixed part.
  const wide: number[] = [];
  if (w.size >= MAX32) {
    wide.push(w.size);
  }
  if (w.compressedSize >= MAX32) {
    wide.push(w.compressedSize);
  }
  if (w.offset >= MAX32) {
    wide.push(w.offset);
  }
  const extra = wide.length ? zip64Extra(wide) : Buffer.alloc(0);
  const b = Buffer.alloc(46);
  b.writeUInt32LE(CENTRAL_HEADER, 0);
  b.writeUInt16LE(MADE_BY, 4);
  b.writeUInt16LE(needsZip64(w) ? NEEDS_ZIP64 : NEEDS_20, 6);
  b.writeUInt16LE(w.flags, 8);
  b.writeUInt16LE(w.method, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(date, 14);
  b.writeUInt32LE(w.crc32 >>> 0, 16);
  b.writeUInt32LE(Math.min(w.compressedSize, MAX32), 20);
  b.writeUInt32LE(Math.min(w.size, MAX32), 24);
  b.writeUInt16LE(w.name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  b.writeUInt16LE(0, 32); // comment length
  b.writeUInt16LE(0, 34); // disk number
  b.writeUInt16LE(0, 36); // internal attributes
  b.writeUInt32LE(w.externalAttributes, 38);
  b.writeUInt32LE(Math.min(w.offset, MAX32), 42);
  return Buffer.concat([b, w.name, extra]);
}

function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

function* endRecords(count: number, directoryStart: number, directorySize: number): Generator<Buffer> {
  const zip64 = count >= 0xffff || directoryStart >= MAX32 || directorySize >= MAX32;
  if (zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(ZIP64_END, 0);
    end64.writeBigUInt64LE(44n, 4); // size of the rest of this record
    end64.writeUInt16LE(MADE_BY, 12);
    end64.writeUInt16LE(NEEDS_ZIP64, 14);
    end64.writeUInt32LE(0, 16); // this disk
    end64.writeUInt32LE(0, 20); // disk of the central directory
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(directorySize), 40);
    end64.writeBigUInt64LE(BigInt(directoryStart), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(ZIP64_LOCATOR, 0);
    locator.writeUInt32LE(0, 4);
    locator.writeBigUInt64LE(BigInt(directoryStart + directorySize), 8);
    locator.writeUInt32LE(1, 16); // total disks
    yield end64;
    yield locator;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(Math.min(directorySize, MAX32), 12);
  end.writeUInt32LE(Math.min(directoryStart, MAX32), 16);
  yield end;
}

/** DOS date and time fields of a date's local time (seconds halved, years from 1980), as zip tools write them. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, Math.min(2107, d.getFullYear()));
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}
