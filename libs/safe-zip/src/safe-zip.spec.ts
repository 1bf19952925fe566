import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32 } from 'node:zlib';
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
    execFileSync('python3', [
      '-c',
      `import zipfile; zipfile.ZipFile(${JSON.stringify(path)}, 'w').writestr('ok/../../evil.txt', 'x')`,
    ]);
    await expect(SafeZip.open(path, undefined, 'evil.zip')).rejects.toThrow(/evil.zip: .*evil\.txt: path traversal/);
  });

  it('refuses symlink entries', async () => {
    const path = await makeZip('link.zip', (z) => z.addBuffer(Buffer.from('/etc/passwd'), 'link', { mode: 0o120777 }));
    await expect(SafeZip.open(path)).rejects.toThrow(/link: symbolic links are not allowed/);
  });

  it('refuses too many entries and too many bytes', async () => {
    const path = await makeZip('many.zip', (z) => {
      for (let i = 0; i < 5; i++) {
        z.addBuffer(Buffer.alloc(1000), `f${i}`);
      }
    });
    await expect(SafeZip.open(path, { maxEntries: 3, maxTotalBytes: 1e9, maxRatio: 1e9 })).rejects.toThrow(
      /more than 3 entries/,
    );
    await expect(SafeZip.open(path, { maxEntries: 10, maxTotalBytes: 4000, maxRatio: 1e9 })).rejects.toThrow(
      /exceeds the cap of 4000/,
    );
  });

  it('refuses a highly compressed entry (zip bomb)', async () => {
    const path = await makeZip('bomb.zip', (z) => z.addBuffer(Buffer.alloc(8 * 1024 * 1024), 'zeros'));
    const err = await SafeZip.open(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipSafetyError);
    expect((err as ZipSafetyError).problems[0]).toMatch(/zeros: compression ratio \d+ exceeds 200/);
  });
});

/** Rewrites a written zip's bytes, as hostile tools write what yazl refuses to. */
async function patchZip(path: string, patch: (bytes: Buffer) => void): Promise<string> {
  const bytes = await readFile(path);
  patch(bytes);
  await writeFile(path, bytes);
  return path;
}

/** Offsets of each local file header and central directory header signature in a zip. */
function headers(bytes: Buffer): { local: number[]; central: number[] } {
  const local: number[] = [];
  const central: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const sig = bytes.readUInt32LE(i);
    if (sig === 0x04034b50) {
      local.push(i);
    } else if (sig === 0x02014b50) {
      central.push(i);
    }
  }
  return { local, central };
}

describe('hostile archives (issue 15, finding 7)', () => {
  it('refuses a bomb made of many small entries, each under the entry ratio check, by the ratio of the whole', async () => {
    const path = await makeZip('small-bombs.zip', (z) => {
      for (let i = 0; i < 20; i++) {
        z.addBuffer(Buffer.alloc(1024 * 1024), `zeros-${i}.bin`);
      }
    });
    const err = await SafeZip.open(path, undefined, 'small-bombs.zip').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipSafetyError);
    expect((err as ZipSafetyError).problems).toEqual([
      expect.stringMatching(/^whole archive: compression ratio \d+ exceeds 200/),
    ]);
  });

  it('accepts ordinary archives: small files that compress well, and incompressible bulk', async () => {
    const path = await makeZip('ordinary.zip', (z) => {
      z.addBuffer(Buffer.alloc(64 * 1024), 'small-zeros.txt');
      z.addBuffer(Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24)), 'noise.bin');
    });
    (await SafeZip.openVerified(path)).close();
  });

  it('refuses an entry whose content is larger than its header says, before anything reads it for real', async () => {
    const path = await makeZip('liar.zip', (z) => z.addBuffer(Buffer.alloc(300 * 1024, 7), 'predictions.csv'));
    await patchZip(path, (bytes) => {
      const { local, central } = headers(bytes);
      bytes.writeUInt32LE(1000, local[0] + 22);
      bytes.writeUInt32LE(1000, central[0] + 24);
    });
    // The central directory alone looks fine (and it is small): only reading the entry shows the lie.
    (await SafeZip.open(path)).close();
    await expect(SafeZip.openVerified(path, undefined, 'liar.zip')).rejects.toThrow(
      /liar\.zip: predictions\.csv: holds more than the 1000 bytes its header declares/,
    );
  });

  it('refuses an entry whose content is smaller than its header says', async () => {
    const path = await makeZip('short.zip', (z) => z.addBuffer(Buffer.from('x'.repeat(1000)), 'a.txt'));
    await patchZip(path, (bytes) => {
      const { local, central } = headers(bytes);
      bytes.writeUInt32LE(5000, local[0] + 22);
      bytes.writeUInt32LE(5000, central[0] + 24);
    });
    await expect(SafeZip.openVerified(path)).rejects.toThrow(
      /a\.txt: holds fewer than the 5000 bytes its header declares/,
    );
  });

  it.each([
    ['\0', 'NUL byte in name'],
    ['\x01', 'control character U+0001 in name'],
    ['\n', 'control character U+000A in name'],
    ['\x7f', 'control character U+007F in name'],
  ])('refuses an entry name holding %j', async (char, why) => {
    const path = await makeZip(`ctl-${char.charCodeAt(0)}.zip`, (z) => z.addBuffer(Buffer.from('1'), 'aXb.txt'));
    await patchZip(path, (bytes) => {
      for (let i = bytes.indexOf('aXb.txt'); i >= 0; i = bytes.indexOf('aXb.txt', i + 1)) {
        bytes[i + 1] = char.charCodeAt(0);
      }
    });
    const err = await SafeZip.open(path, undefined, 'names.zip').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipSafetyError);
    expect((err as ZipSafetyError).message).toContain(why);
  });
});

describe('entry names as stored', () => {
  it('refuses control bytes that a CP437 name shows as symbols, and a NUL hidden behind a Unicode path field', async () => {
    // Python writes CP437 names (no UTF-8 flag) for ASCII; 0x01 decodes as '☺' there.
    const cp437 = join(dir, 'cp437.zip');
    execFileSync('python3', [
      '-c',
      `import zipfile; zipfile.ZipFile(${JSON.stringify(cp437)}, 'w').writestr('aXb.txt', 'x')`,
    ]);
    await patchZip(cp437, (bytes) => {
      for (let i = bytes.indexOf('aXb.txt'); i >= 0; i = bytes.indexOf('aXb.txt', i + 1)) {
        bytes[i + 1] = 1;
      }
    });
    await expect(SafeZip.open(cp437)).rejects.toThrow(/control character U\+0001 in name/);

    // A stored name with a NUL, and an Info-ZIP Unicode Path field (0x7075) naming it 'a.txt' with the right CRC.
    const rawName = Buffer.from('a\0b.txt', 'latin1');
    const crc = zlibCrc32(rawName);
    const field = Buffer.alloc(4 + 5 + 5);
    field.writeUInt16LE(0x7075, 0);
    field.writeUInt16LE(10, 2);
    field.writeUInt8(1, 4);
    field.writeUInt32LE(crc, 5);
    field.write('a.txt', 9, 'utf8');
    const unicode = join(dir, 'unicode-path.zip');
    execFileSync('python3', [
      '-c',
      `import zipfile
z = zipfile.ZipFile(${JSON.stringify(unicode)}, 'w')
i = zipfile.ZipInfo('aXb.txt')
i.extra = bytes.fromhex(${JSON.stringify(field.toString('hex'))})
z.writestr(i, 'x')
z.close()`,
    ]);
    await patchZip(unicode, (bytes) => {
      for (let i = bytes.indexOf('aXb.txt'); i >= 0; i = bytes.indexOf('aXb.txt', i + 1)) {
        bytes[i + 1] = 0;
      }
    });
    await expect(SafeZip.open(unicode)).rejects.toThrow(/NUL byte in name/);
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
