import type { Readable } from 'node:stream';

/**
 * Read access to the files of a competition bundle, whether it is a zip or a folder. Paths are posix, relative
 * to the bundle root; only regular files are listed (never links), and macOS litter (`__MACOSX/`, `.DS_Store`)
 * is left out, so what the parser sees is what the organizer meant to ship.
 */
export interface BundleSource {
  /** The bundle's name for messages: the zip's or folder's base name. */
  readonly label: string;
  readonly kind: 'zip' | 'directory';
  /** The competition file found at the root (`competition.yaml` or `competition.yml`), or null. */
  readonly competitionFile: string | null;
  files(): string[];
  hasFile(path: string): boolean;
  /** True when at least one file lies under `path/`. */
  hasDir(path: string): boolean;
  /** Size in bytes of a file, or undefined when there is no such file. */
  size(path: string): number | undefined;
  readText(path: string, maxBytes: number): Promise<string>;
  openRead(path: string): Readable;
  /**
   * A file of a zip bundle as the zip stores it (deflated bytes stay deflated), for copying into another zip without
   * inflating and deflating again; null for a folder bundle. The bytes are checked only by `verified()`.
   */
  rawFile(path: string): Promise<RawBundleFile | null>;
  /**
   * Resolves once every file of the bundle has been read through and holds what its zip header declares (sizes,
   * CRC-32); rejects with a ZipSafetyError otherwise. At once for a folder, and for a zip checked at open (the
   * default). A zip opened with `verify: 'deferred'` starts the read-through when this is first called, so that the
   * caller can copy raw files meanwhile; it must then await this before keeping what it copied.
   */
  verified(): Promise<void>;
  close(): void;
}

/** A zip bundle's file as stored: method 0 (stored) or 8 (deflated), with what its header declares. */
export interface RawBundleFile {
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  open(): Promise<Readable>;
}

/** When a zip bundle's files are read through against their headers: while opening it, or when `verified()` asks. */
export type BundleVerification = 'at-open' | 'deferred';

/** The subset of a source that the YAML checks need: a parser can run against any index of names. */
export type BundleFileIndex = Pick<BundleSource, 'files' | 'hasFile' | 'hasDir' | 'size'>;

export type BundleOpenErrorCode = 'not-found' | 'unreadable' | 'not-a-bundle' | 'unsafe' | 'no-competition-yaml';

/** The bundle could not be opened; `problems` are the individual reasons (one per bad zip entry, for example). */
export class BundleOpenError extends Error {
  constructor(
    readonly code: BundleOpenErrorCode,
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'BundleOpenError';
  }
}
