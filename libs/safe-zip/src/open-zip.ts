import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import * as yauzl from 'yauzl';
import { checkEntries, type EntryToCheck } from './entry-check';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits';
import { ZipSafetyError } from './zip-safety.error';

export interface ZipEntryInfo {
  /** Normalized posix path; directories end with '/'. */
  name: string;
  isDirectory: boolean;
  size: number;
  compressedSize: number;
}

/** Where an entry's bytes lie in the archive, as stored (compressed or not), and what they must turn into. */
export interface RawEntryInfo {
  /** 0 stored, 8 deflated (others are refused by `verify`). */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's data in the archive file, past its local header. */
  dataStart: number;
}

type ReadLocalFileHeader = (
  entry: yauzl.Entry,
  options: { minimal: true },
  callback: (err: Error | null, header?: { fileDataStart: number }) => void,
) => void;

const S_IFMT = 0o170000;
/** Reads of the archive for copying: large, so 1 GB is four thousand reads, not sixty thousand. */
const READ_CHUNK = 256 * 1024;
const S_IFLNK = 0o120000;
const openAsync = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

/** Archives this size or smaller are never bombs, whatever their ratio (a few small text files compress well). */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Why an entry name is unsafe, or null. Windows separators count as separators: some zippers write them. */
export function unsafeEntryName(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n)) {
    return 'absolute path';
  }
  if (n.split('/').some((part) => part === '..')) {
    return 'path traversal (..)';
  }
  if (n.includes('\0')) {
    return 'NUL byte in name';
  }
  // Control characters cut names short in C programs and shells, and hide what a listing shows.

  const control = /[\x01-\x1f\x7f]/.exec(n);
  if (control) {
    return `control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in name`;
  }
  return null;
}

/**
 * A zip opened through its central directory only: every entry is checked (names, symlinks, counts, sizes,
 * compression ratio of each entry and of the whole) before any content is read. Content is then streamed entry by
 * entry; yauzl checks that each entry's real size matches the declared one, so a lying header fails the stream.
 * `openVerified` reads every entry once before anything else, for archives about to be stored: a lying header is
 * refused there, not by the worker that unpacks it later. An archive copied entry by entry (`openRaw`, without
 * inflating) can instead be opened with `open` and checked by `verify` while it is copied, so that it is read once.
 */
export class SafeZip {
  private readonly dataStarts = new Map<string, Promise<number>>();

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, yauzl.Entry>,
    readonly entries: ZipEntryInfo[],
    private readonly path: string,
  ) {}

  static async open(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS, label = path): Promise<SafeZip> {
    let zip: yauzl.ZipFile;
    try {
      zip = await openAsync(path, {
        lazyEntries: true,
        autoClose: false,
        strictFileNames: false,
        validateEntrySizes: true,
      });
    } catch (e) {
      throw new ZipSafetyError(label, [`not a readable zip archive (${(e as Error).message})`]);
    }
    const problems: string[] = [];
    const byName = new Map<string, yauzl.Entry>();
    const entries: ZipEntryInfo[] = [];
    let total = 0;
    let compressed = 0;
    let entryBomb = false;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = entry.fileName.replace(/\\/g, '/');
          const bad = unsafeEntryName(name) ?? unsafeRawName(entry);
          const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
          if (bad) {
            problems.push(`${name}: ${bad}`);
          } else if (mode === S_IFLNK) {
            problems.push(`${name}: symbolic links are not allowed`);
          }
          total += entry.uncompressedSize;
          compressed += entry.compressedSize;
          const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
          if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
            entryBomb = true;
            problems.push(`${name}: compression ratio ${Math.round(ratio)} exceeds ${limits.maxRatio}`);
          }
          if (byName.size + 1 > limits.maxEntries) {
            problems.push(`more than ${limits.maxEntries} entries`);
            resolve();
            return;
          }
          if (!bad) {
            byName.set(name, entry);
            entries.push({
              name,
              isDirectory: name.endsWith('/'),
              size: entry.uncompressedSize,
              compressedSize: entry.compressedSize,
            });
          }
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', reject);
        zip.readEntry();
      });
    } catch (e) {
      zip.close();
      throw new ZipSafetyError(label, [...problems, describeYauzlError((e as Error).message)]);
    }
    if (total > limits.maxTotalBytes) {
      problems.push(`uncompressed size ${total} bytes exceeds the cap of ${limits.maxTotalBytes} bytes`);
    }
    // Many small entries of repeated bytes each pass the entry check: the ratio of the whole catches them.
    const totalRatio = total / Math.max(compressed, 1);
    if (!entryBomb && total > RATIO_FLOOR_BYTES && totalRatio > limits.maxRatio) {
      problems.push(
        `whole archive: compression ratio ${Math.round(totalRatio)} exceeds ${limits.maxRatio} (${total} bytes from ${compressed})`,
      );
    }
    if (problems.length > 0) {
      zip.close();
      throw new ZipSafetyError(label, problems);
    }
    return new SafeZip(zip, byName, entries, path);
  }

  /** `open`, then every file entry read through once: refused when one holds more (or fewer) bytes than declared. */
  static async openVerified(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS, label = path): Promise<SafeZip> {
    const zip = await SafeZip.open(path, limits, label);
    try {
      await zip.verify(label);
      return zip;
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  /**
   * Decompresses each file entry, discarding the bytes, and rejects with the first whose content is not what its
   * header declares: more bytes (inflating stops there, so a bomb is never inflated further than the checks at open
   * allowed), fewer, another CRC-32, an encrypted entry or one in a method other than store and deflate. Entries are
   * checked `concurrency` at a time (zlib inflates on libuv's threads, one core each), largest first so that the
   * longest one is never left to run alone at the end (checkEntries).
   */
  async verify(label: string, concurrency = Math.max(1, availableParallelism()), signal?: AbortSignal): Promise<void> {
    const files: EntryToCheck[] = [];
    for (const info of this.entries) {
      if (info.isDirectory) {
        continue;
      }
      const entry = this.byName.get(info.name)!;
      if (entry.isEncrypted()) {
        throw new ZipSafetyError(label, [`${info.name}: is encrypted, which is not supported`]);
      }
      try {
        files.push({ name: info.name, ...(await this.rawEntry(info.name)) });
      } catch (e) {
        throw new ZipSafetyError(label, [`${info.name}: cannot be read (${(e as Error).message})`]);
      }
    }
    const problem = await checkEntries(this.path, files, concurrency, signal);
    if (problem) {
      throw new ZipSafetyError(label, [`${problem.name}: ${problem.message}`]);
    }
  }

  /** How an entry is stored, for copying its bytes into another zip as they are (no inflating, no deflating). */
  async rawEntry(name: string): Promise<RawEntryInfo> {
    const entry = this.byName.get(name);
    if (!entry) {
      throw new Error(`no entry ${name} in archive`);
    }
    return {
      method: entry.compressionMethod,
      crc32: entry.crc32 >>> 0,
      compressedSize: entry.compressedSize,
      size: entry.uncompressedSize,
      dataStart: await this.dataStart(entry),
    };
  }

  /**
   * The entry's bytes as stored in the archive (deflated ones stay deflated), read from the file in large chunks. Not
   * checked: `verify` (or `openVerified`) says whether they hold what the header declares.
   */
  async openRaw(name: string): Promise<Readable> {
    const { dataStart, compressedSize } = await this.rawEntry(name);
    if (compressedSize === 0) {
      return Readable.from([]);
    }
    return createReadStream(this.path, {
      start: dataStart,
      end: dataStart + compressedSize - 1,
      highWaterMark: READ_CHUNK,
    });
  }

  private dataStart(entry: yauzl.Entry): Promise<number> {
    let start = this.dataStarts.get(entry.fileName);
    if (!start) {
      // yauzl 3's readLocalFileHeader (not in @types/yauzl): it also checks that the data lies inside the file.
      const zip = this.zip as yauzl.ZipFile & { readLocalFileHeader: ReadLocalFileHeader };
      start = new Promise((resolve, reject) =>
        zip.readLocalFileHeader(entry, { minimal: true }, (err, header) =>
          err ? reject(err) : resolve(header!.fileDataStart),
        ),
      );
      this.dataStarts.set(entry.fileName, start);
    }
    return start;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Files (not directories) whose name starts with `prefix`. */
  filesUnder(prefix: string): ZipEntryInfo[] {
    return this.entries.filter((e) => !e.isDirectory && e.name.startsWith(prefix));
  }

  openReadStream(name: string): Promise<Readable> {
    const entry = this.byName.get(name);
    if (!entry) {
      return Promise.reject(new Error(`no entry ${name} in archive`));
    }
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
    });
  }

  async readText(name: string, maxBytes: number): Promise<string> {
    const entry = this.byName.get(name);
    if (entry && entry.uncompressedSize > maxBytes) {
      throw new Error(`${name} is larger than ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openReadStream(name)) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}

/**
 * The name as stored: yauzl shows CP437 control bytes as symbols (0x01 as '☺') and may take the name from a Unicode
 * path field instead, so the stored bytes are checked too. Bytes under 0x20 never occur inside UTF-8 sequences.
 */
function unsafeRawName(entry: yauzl.Entry): string | null {
  const raw = (entry as yauzl.Entry & { fileNameRaw?: Buffer }).fileNameRaw;
  if (!raw) {
    return null;
  }
  const at = raw.findIndex((b) => b < 0x20 || b === 0x7f);
  if (at < 0) {
    return null;
  }
  return raw[at] === 0
    ? 'NUL byte in name'
    : `control character U+${raw[at].toString(16).toUpperCase().padStart(4, '0')} in name`;
}

/** yauzl stops at the first entry name it refuses; say it in the same words as our own checks. */
function describeYauzlError(message: string): string {
  const traversal = /^invalid relative path: (.*)$/.exec(message);
  if (traversal) {
    return `${traversal[1]}: path traversal (..)`;
  }
  const absolute = /^absolute path: (.*)$/.exec(message);
  if (absolute) {
    return `${absolute[1]}: absolute path`;
  }
  return `corrupt zip archive (${message})`;
}

/** True when the file opens as a zip archive (central directory readable). */
export async function isZipArchive(path: string): Promise<boolean> {
  try {
    const zip = await openAsync(path, { lazyEntries: true, autoClose: false });
    zip.close();
    return true;
  } catch {
    return false;
  }
}
