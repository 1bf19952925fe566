import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yauzl from 'yauzl';
import { SafeZip, writeZip, type ZipWriterEntry } from './index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zip-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, entries: ZipWriterEntry[], mtime?: Date): Promise<string> {
  const path = join(dir, name);
  await pipeline(writeZip(entries, { mtime }), createWriteStream(path));
  return path;
}

const stream = (name: string, content: Buffer, compress: boolean): ZipWriterEntry => ({
  kind: 'stream',
  name,
  compress,
  open: () => Readable.from([content.subarray(0, 1000), content.subarray(1000)]),
});

/** Python's zipfile checks every CRC-32, and that local headers agree with the central directory. */
function pythonTest(path: string): string {
  return execFileSync('python3', [
    '-c',
    `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
print(bad or 'ok', *[f'{i.filename}:{i.compress_type}:{i.file_size}' for i in z.infolist()])`,
    path,
  ])
    .toString()
    .trim();
}

describe('writeZip', () => {
  it('writes streamed entries, deflated or stored, that other readers accept', async () => {
    const text = Buffer.from('x,y\n'.repeat(10_000));
    const noise = randomBytes(5000);
    const path = await write('mixed.zip', [
      stream('a/text.csv', text, true),
      stream('b/noise.bin', noise, false),
      stream('empty', Buffer.alloc(0), true),
    ]);
    expect(pythonTest(path)).toBe(`ok a/text.csv:8:${text.length} b/noise.bin:0:5000 empty:8:0`);
    const zip = await SafeZip.openVerified(path);
    try {
      await expect(zip.readText('a/text.csv', 1e6)).resolves.toBe(text.toString());
      expect((await zip.rawEntry('b/noise.bin')).crc32).toBe(crc32(noise) >>> 0);
    } finally {
      zip.close();
    }
  }, 30_000);

  it('copies raw entries as they are, and the same entries give the same bytes', async () => {
    const text = Buffer.from('the same line again\n'.repeat(5000));
    const deflated = deflateRawSync(text, { level: 9 });
    const raw: ZipWriterEntry = {
      kind: 'raw',
      name: 'copied.txt',
      method: 8,
      crc32: crc32(text),
      compressedSize: deflated.length,
      size: text.length,
      open: () => Readable.from([deflated]),
    };
    const a = await write('raw-a.zip', [raw], new Date(2000, 0, 1));
    const b = await write('raw-b.zip', [raw], new Date(2000, 0, 1));
    expect(await readFile(a)).toEqual(await readFile(b));
    expect((await readFile(a)).includes(deflated)).toBe(true);
    expect(pythonTest(a)).toBe(`ok copied.txt:8:${text.length}`);
  }, 30_000);

  it('fails when a raw source holds more or fewer bytes than announced', async () => {
    const entry = (body: Buffer): ZipWriterEntry => ({
      kind: 'raw',
      name: 'x',
      method: 0,
      crc32: 0,
      compressedSize: 10,
      size: 10,
      open: () => Readable.from([body]),
    });
    await expect(write('long.zip', [entry(Buffer.alloc(11))])).rejects.toThrow(/more than the 10 bytes announced/);
    await expect(write('short.zip', [entry(Buffer.alloc(9))])).rejects.toThrow(/9 bytes instead of 10/);
  });

  it('writes zip64 sizes for an entry of more than 4 GiB', async () => {
    // 4 GiB and 1 MiB of zeros as deflate blocks of 1 MiB each (full flush, so they concatenate), then the final block.
    const mib = Buffer.alloc(1024 * 1024);
    const block = deflateRawSync(mib, { finishFlush: constants.Z_FULL_FLUSH });
    const count = 4097;
    let crc = 0;
    for (let i = 0; i < count; i++) {
      crc = crc32(mib, crc);
    }
    const body = [...Array(count).fill(block), deflateRawSync(Buffer.alloc(0))] as Buffer[];
    const size = count * mib.length;
    const path = await write('zip64.zip', [
      {
        kind: 'raw',
        name: 'zeros.bin',
        method: 8,
        crc32: crc,
        compressedSize: body.reduce((n, b) => n + b.length, 0),
        size,
        open: () => Readable.from(body),
      },
      stream('after.txt', Buffer.from('still readable'), true),
    ]);
    const listed = execFileSync('python3', [
      '-c',
      `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(*[f'{i.filename}:{i.file_size}' for i in z.infolist()], z.read('after.txt').decode())`,
      path,
    ]).toString();
    expect(listed.trim()).toBe(`zeros.bin:${size} after.txt:14 still readable`);
    // yauzl (what workers read with) agrees on the size, past 32 bits.
    const sizes = await new Promise<number[]>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: false }, (err, zip) => {
        if (err) {
          return reject(err);
        }
        const found: number[] = [];
        zip.on('entry', (e: yauzl.Entry) => found.push(e.uncompressedSize));
        zip.on('end', () => resolve(found));
      }),
    );
    expect(sizes).toEqual([size, 14]);
  }, 60_000);
});

describe('SafeZip.verify', () => {
  it('finds a CRC-32 that does not match the content, and names the entry', async () => {
    const text = Buffer.from('abc'.repeat(1000));
    const path = await write('bad-crc.zip', [
      {
        kind: 'raw',
        name: 'ok.txt',
        method: 0,
        crc32: crc32(text),
        compressedSize: text.length,
        size: text.length,
        open: () => Readable.from([text]),
      },
      {
        kind: 'raw',
        name: 'bad.txt',
        method: 0,
        crc32: 1234,
        compressedSize: text.length,
        size: text.length,
        open: () => Readable.from([text]),
      },
    ]);
    const zip = await SafeZip.open(path);
    try {
      await expect(zip.verify('bad-crc.zip')).rejects.toThrow(/bad-crc\.zip: bad\.txt: does not match its CRC-32/);
    } finally {
      zip.close();
    }
  });

  it('reads every entry through, several at a time, and stops at the first that lies', async () => {
    const entries: ZipWriterEntry[] = [];
    for (let i = 0; i < 12; i++) {
      entries.push(stream(`f${i}.txt`, Buffer.from(`${i}\n`.repeat(20_000)), true));
    }
    const path = await write('many.zip', entries);
    const zip = await SafeZip.open(path);
    await zip.verify('many.zip', 4);
    zip.close();
    // The central directory of f7.txt declares 10 bytes fewer than it holds.
    const bytes = await readFile(path);
    const central = bytes.lastIndexOf(Buffer.from('f7.txt')) - 46;
    bytes.writeUInt32LE(bytes.readUInt32LE(central + 24) - 10, central + 24);
    await writeFile(path, bytes);
    const liar = await SafeZip.open(path);
    try {
      await expect(liar.verify('many.zip', 4)).rejects.toThrow(
        /many\.zip: f7\.txt: holds more than the \d+ bytes its header declares/,
      );
    } finally {
      liar.close();
    }
  });
});
