import { listRegularFiles } from '@arena/safe-zip';

export interface OutputSize {
  totalBytes: number;
  largestBytes: number;
}

/** Sizes of the regular files under `dir` (links are not followed, so they cannot inflate or hide anything). */
export async function measureOutput(dir: string): Promise<OutputSize> {
  const { files } = await listRegularFiles(dir);
  let totalBytes = 0;
  let largestBytes = 0;
  for (const f of files) {
    totalBytes += f.size;
    largestBytes = Math.max(largestBytes, f.size);
  }
  return { totalBytes, largestBytes };
}
