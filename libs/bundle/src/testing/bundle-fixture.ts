import { createWriteStream } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as yazl from 'yazl';
import type { BundleFileIndex } from '../source/bundle-source';
import { FileTable } from '../source/file-table';

/** A bundle described as data: text or bytes, a nested zip, or (folders only) a symbolic link. */
export type FixtureFiles = Record<string, string | Buffer | { zip: FixtureFiles } | { symlink: string }>;

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

// A fixed stamp makes a fixture zip the same bytes every time it is built.
const MTIME = { mtime: new Date(2020, 0, 1), forceDosTimestamp: true };

export async function zipBuffer(files: FixtureFiles, extra?: (zip: yazl.ZipFile) => void): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      zip.addBuffer(Buffer.from(content), name, MTIME);
    } else if ('zip' in content) {
      zip.addBuffer(await zipBuffer(content.zip), name, MTIME);
    } else {
      zip.addBuffer(Buffer.from(content.symlink), name, { ...MTIME, mode: 0o120777 });
    }
  }
  extra?.(zip);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function writeZip(
  path: string,
  files: FixtureFiles,
  extra?: (zip: yazl.ZipFile) => void,
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await zipBuffer(files, extra));
  return path;
}

export async function writeDir(root: string, files: FixtureFiles): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    const full = join(root, name);
    await mkdir(dirname(full), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      await writeFile(full, content);
    } else if ('zip' in content) {
      await writeFile(full, await zipBuffer(content.zip));
    } else {
      await symlink(content.symlink, full);
    }
  }
  return root;
}

/** Streams to a file (for zips too big to hold in a test comfortably). */
export async function writeZipStreamed(path: string, add: (zip: yazl.ZipFile) => void): Promise<string> {
  const zip = new yazl.ZipFile();
  add(zip);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

/** The name index a parser needs, straight from fixture data (no files written). */
export function fileIndex(files: FixtureFiles): BundleFileIndex {
  const table = new FileTable();
  for (const [name, content] of Object.entries(files)) {
    table.add(name, typeof content === 'string' || Buffer.isBuffer(content) ? Buffer.byteLength(content) : 1);
  }
  return table;
}
