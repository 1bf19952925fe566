/** S3 multipart needs parts of at least 5 MiB (except the last); 8 MiB keeps a 2 GiB bundle under 300 parts. */
export const UPLOAD_PART_SIZE = 8 * 1024 * 1024;
/** Unused uploads one user may hold at once; a new one abandons the least recently touched beyond this. */
export const MAX_PENDING_UPLOADS = 10;

export function partCountOf(size: number, partSize = UPLOAD_PART_SIZE): number {
  return Math.ceil(size / partSize);
}

/** Offset and length of part `index`: every part is partSize long except the last. */
export function partRange(size: number, index: number, partSize = UPLOAD_PART_SIZE): { offset: number; size: number } {
  const offset = index * partSize;
  return { offset, size: Math.min(partSize, size - offset) };
}

export function missingParts(partCount: number, received: number[]): number[] {
  const have = new Set(received);
  return Array.from({ length: partCount }, (_, i) => i).filter((i) => !have.has(i));
}
