import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yazl from 'yazl';
import { extractZip, isZipArchive, SafeZip, unsafeEntryName, zipDirectory, ZipSafetyError } from './index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safe-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeZip(name: string, add: (z: yazl.ZipFile) => void): Promise<string> {
  const z = new yazl.ZipFile();
  add(z);
  z.end();
  const path = join(dir, name);
  await pipeline(z.outputStream, createWriteStream(path));
  return path;
}

describe('entry names', () => {
  it.each([
    ['../etc/passwd', 'path traversal (..)'],
    ['a/../../b', 'path traversal (..)'],
    ['/etc/passwd', 'absolute path'],
    ['C:/x', 'absolute path'],
    ['..\\evil', 'path traversal (..)'],
    ['ok/file.txt', null],
  ])('%s -> %s', (name, why) => {
    expect(unsafeEntryName(name)).toBe(why);
  });
});

describe('SafeZip', () => {
  it('lists entries and streams their content', async () => {
    const path = await makeZip('ok.zip', (z) => {
      z.addBuffer(Buffer.from('hello'), 'a/b.txt');
      z.addEmptyDirectory('a/c/');
    });
    const zip = await SafeZip.open(path);
    expect(zip.entries.map((e) => e.name)).toEqual(['a/b.txt', 'a/c/']);
    await expect(zip.readText('a/b.txt', 100)).resolves.toBe('hello');
    zip.close();
  });

  it('refuses a file that is not a zip, naming it', async () => {
    const path = join(dir, 'not.zip');
    await writeFile(path, 'plain text');
    await expect(SafeZip.open(path, undefined, 'upload.zip')).rejects.toThrow(/upload.zip: not a readable zip/);
    await expect(isZipArchive(path)).resolves.toBe(false);
  });

  it('refuses entries that climb out of the archive, naming them', async () => {
    // yazl refuses to write such a name; Python's zipfile writes what it is told, as hostile tools do.
    const path = join(dir, 'evil.zip');
    execFileSync('python3', ['-c', `import zipfile; zipfile.ZipFile(${JSON.stringify(path)}, 'w').writestr('ok/../../evil.txt', 'x')`]);
    await expect(SafeZip.open(path, undefined, 'evil.zip')).rejects.toThrow(/evil.zip: .*evil\.txt: path traversal/);
  });

  it('refuses symlink entries', async () => {
    const path = await makeZip('link.zip', (z) => z.addBuffer(Buffer.from('/etc/passwd'), 'link', { mode: 0o120777 }));
    await expect(SafeZip.open(path)).rejects.toThrow(/link: symbolic links are not allowed/);
  });

  it('refuses too many entries and too many bytes', async () => {
    const path = await makeZip('many.zip', (z) => {
      for (let i = 0; i < 5; i++) z.addBuffer(Buffer.alloc(1000), `f${i}`);
    });
    await expect(SafeZip.open(path, { maxEntries: 3, maxTotalBytes: 1e9, maxRatio: 1e9 })).rejects.toThrow(/more than 3 entries/);
    await expect(SafeZip.open(path, { maxEntries: 10, maxTotalBytes: 4000, maxRatio: 1e9 })).rejects.toThrow(/exceeds the cap of 4000/);
  });

  it('refuses a highly compressed entry (zip bomb)', async () => {
    const path = await makeZip('bomb.zip', (z) => z.addBuffer(Buffer.alloc(8 * 1024 * 1024), 'zeros'));
    const err = await SafeZip.open(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipSafetyError);
    expect((err as ZipSafetyError).problems[0]).toMatch(/zeros: compression ratio \d+ exceeds 200/);
  });
});

describe('extractZip and zipDirectory', () => {
  it('round-trips a folder, leaving out symlinks', async () => {
    const src = join(dir, 'src');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'A');
    await writeFile(join(src, 'sub', 'b.txt'), 'B');
    await symlink('/etc/passwd', join(src, 'leak'));
    const out = join(dir, 'folder.zip');
    const res = await zipDirectory(src, createWriteStream(out));
    expect(res).toMatchObject({ files: 2, bytes: 2, skipped: ['leak'] });
    const dest = join(dir, 'dest');
    await expect(extractZip(out, dest)).resolves.toEqual({ files: 2, bytes: 2 });
    await expect(readFile(join(dest, 'sub', 'b.txt'), 'utf8')).resolves.toBe('B');
  });

  it('extracts only a prefix when asked, skipping what the caller skips', async () => {
    const path = await makeZip('prefix.zip', (z) => {
      z.addBuffer(Buffer.from('x'), 'prog/metadata.yaml');
      z.addBuffer(Buffer.from('y'), '__MACOSX/prog/._metadata.yaml');
      z.addBuffer(Buffer.from('z'), 'other/file');
    });
    const dest = join(dir, 'prefix-out');
    await expect(extractZip(path, dest, { prefix: 'prog/' })).resolves.toEqual({ files: 1, bytes: 1 });
    await expect(readFile(join(dest, 'metadata.yaml'), 'utf8')).resolves.toBe('x');
  });
});
