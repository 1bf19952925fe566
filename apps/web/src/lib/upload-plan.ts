// Pure parts of the resumable upload, unit-tested in upload-plan.spec.ts.

export type UploadPurpose = 'submission' | 'bundle';

/** localStorage key of one file's upload: same name, size and modification time, same use. */
export function resumeKey(file: { name: string; size: number; lastModified: number }, purpose: UploadPurpose): string {
  return `arena.upload:${purpose}:${file.name}:${file.size}:${file.lastModified}`;
}

/** Indexes of the parts the server has not received yet, in order. */
export function missingParts(partCount: number, received: readonly number[]): number[] {
  const have = new Set(received);
  const missing: number[] = [];
  for (let i = 0; i < partCount; i++) {
    if (!have.has(i)) {
      missing.push(i);
    }
  }
  return missing;
}

/** Byte range [start, end) of part `index`. */
export function partRange(index: number, partSize: number, size: number): { start: number; end: number } {
  const start = index * partSize;
  return { start, end: Math.min(size, start + partSize) };
}

/** Bytes already on the server, for the progress bar on resume. */
export function receivedBytes(received: readonly number[], partSize: number, size: number): number {
  return received.reduce((sum, i) => {
    const { start, end } = partRange(i, partSize, size);
    return sum + Math.max(0, end - start);
  }, 0);
}

/** Exponential backoff with a cap: 1 s, 2 s, 4 s ... 30 s. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 30_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}
