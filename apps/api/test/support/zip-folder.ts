import { createWriteStream } from 'node:fs';
import { zipDirectory } from '@arena/safe-zip';

export async function zipFolder(dir: string, zipPath: string): Promise<string> {
  await zipDirectory(dir, createWriteStream(zipPath));
  return zipPath;
}
