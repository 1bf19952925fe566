import type { Readable } from 'node:stream';

/**
 * Where uploaded bundles, datasets, submissions and run outputs live. Keys are posix paths. Writes are
 * all-or-nothing: a failed put leaves no object behind.
 */
export abstract class BlobStore {
  abstract put(key: string, body: Readable, contentType?: string): Promise<{ size: number }>;
  abstract get(key: string): Promise<Readable>;
  abstract size(key: string): Promise<number | null>;
  abstract delete(keys: string[]): Promise<void>;
  /** Called once at boot: creates the root folder or checks the bucket. */
  abstract ready(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored object ${key}`);
  }
}
