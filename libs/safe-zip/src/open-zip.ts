import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import * as yauzl from 'yauzl';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits';
import { ZipSafetyError } from './zip-safety.error';

export interface ZipEntryInfo {
  /** Normalized posix path; directories end with '/'. */
  name: string;
  isDirectory: boolean;
  size: number;
  compressedSize: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const openAsync = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

/** Why an entry name is unsafe, or null. Windows separators count as separators: some zippers write them. */
export function unsafeEntryName(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n)) return 'absolute path';
  if (n.split('/').some((part) => part === '..')) return 'path traversal (..)';
  if (n.includes('\0')) return 'NUL byte in name';
  return null;
}

/**
 * A zip opened through its central directory only: every entry is checked (names, symlinks, counts, sizes,
 * compression ratio) before any content is read. Content is then streamed entry by entry; yauzl checks
 * that each entry's real size matches the declared one, so a lying header fails the stream.
 */
export class SafeZip {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, yauzl.Entry>,
    readonly entries: ZipEntryInfo[],
  ) {}

  static async open(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS, label = path): Promise<SafeZip> {
    let zip: yauzl.ZipFile;
    try {
      zip = await openAsync(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true });
    } catch (e) {
      throw new ZipSafetyError(label, [`not a readable zip archive (${(e as Error).message})`]);
    }
    const problems: string[] = [];
    const byName = new Map<string, yauzl.Entry>();
    const entries: ZipEntryInfo[] = [];
    let total = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = entry.fileName.replace(/\\/g, '/');
          const bad = unsafeEntryName(name);
          const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
          if (bad) problems.push(`${name}: ${bad}`);
          else if (mode === S_IFLNK) problems.push(`${name}: symbolic links are not allowed`);
          total += entry.uncompressedSize;
          const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
          if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
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
    if (problems.length > 0) {
      zip.close();
      throw new ZipSafetyError(label, problems);
    }
    return new SafeZip(zip, byName, entries);
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
    if (!entry) return Promise.reject(new Error(`no entry ${name} in archive`));
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
    for await (const chunk of await this.openReadStream(name)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}

/** yauzl stops at the first entry name it refuses; say it in the same words as our own checks. */
function describeYauzlError(message: string): string {
  const traversal = /^invalid relative path: (.*)$/.exec(message);
  if (traversal) return `${traversal[1]}: path traversal (..)`;
  const absolute = /^absolute path: (.*)$/.exec(message);
  if (absolute) return `${absolute[1]}: absolute path`;
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
