import type { Readable } from 'node:stream';

/**
 * Where uploaded bundles, datasets, submissions and run outputs live. Keys are posix paths. Writes are
 * all-or-nothing: a failed put leaves no object behind.
 */
export abstract class BlobStore {
  /**
   * True where objects leave this machine (S3): a put of a stream of unknown length is then sent in parts that are
   * held in memory one by one, where a local file goes up several parts at a time, read from disk (putFile).
   */
  abstract readonly remote: boolean;
  abstract put(key: string, body: Readable, contentType?: string): Promise<{ size: number }>;
  /**
   * Stores a local file (that the caller keeps unchanged until this resolves): as a hard link where the store is on
   * the same file system, so a gigabyte bundle is not copied; uploaded, several parts at a time, to S3.
   */
  abstract putFile(key: string, path: string, contentType?: string): Promise<void>;
  /** A second object with the same content: linked or copied on disk, copied by the server on S3 (no bytes through here). */
  abstract copy(fromKey: string, toKey: string): Promise<void>;
  /** The file holding the object where the store is a local folder (to read, never to change), else null. */
  abstract localPath(key: string): Promise<string | null>;
  abstract get(key: string): Promise<Readable>;
  /** Bytes `start` to `end` (both included) of an object: what a resumed download asks for. */
  abstract getRange(key: string, start: number, end: number): Promise<Readable>;
  /**
   * A short-lived URL that lets whoever holds it GET the object (ranges included) without the API in between, served
   * as an attachment named `fileName`; null where the store has no such URLs (local storage: the API streams itself).
   */
  abstract presignGet(key: string, fileName: string): Promise<PresignedGet | null>;
  abstract size(key: string): Promise<number | null>;
  abstract delete(keys: string[]): Promise<void>;
  /** Every stored object whose key starts with `prefix` (all of them for ''), in no set order; unfinished parts excluded. */
  abstract list(prefix: string): AsyncIterable<StoredObject>;
  /** Called once at boot: creates the root folder or checks the bucket. */
  abstract ready(): Promise<void>;

  /**
   * Resumable uploads: an object written in parts that arrive in any order over many requests. Returns the session
   * (S3 multipart upload id) that the other part methods take; nothing is visible at `key` before completeParts.
   */
  abstract startParts(key: string, contentType?: string): Promise<string>;
  /** Writes one part (`size` bytes at `offset`); returns its ETag where the store needs it for completeParts. */
  abstract putPart(key: string, session: string, part: StoredPart, body: Readable): Promise<string | null>;
  abstract completeParts(key: string, session: string, parts: { index: number; etag: string | null }[]): Promise<void>;
  /** Drops the parts of an unfinished session; a session already gone is not an error. */
  abstract abortParts(key: string, session: string): Promise<void>;
}

export interface StoredObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface PresignedGet {
  url: string;
  expiresAt: Date;
}

export interface StoredPart {
  /** 0-based. */
  index: number;
  offset: number;
  size: number;
}

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored object ${key}`);
  }
}
