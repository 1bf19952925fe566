import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEntries, type EntryToCheck, SafeZip, writeZip, type ZipWriterEntry } from './index';

let dir: string;
let entries: EntryToCheck[];
let path: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entry-check-'));
  const files: ZipWriterEntry[] = [];
  for (let i = 0; i < 4; i++) {
    const content = Buffer.from(`${i}\n`.repeat(50_000 * (i + 1)));
    files.push({ kind: 'stream', name: `f${i}.txt`, compress: i !== 1, open: () => Readable.from([content]) });
  }
  path = join(dir, 'four.zip');
  await pipeline(writeZip(files), createWriteStream(path));
  const zip = await SafeZip.open(path);
  entries = await Promise.all(zip.entries.map(async (e) => ({ name: e.name, ...(await zip.rawEntry(e.name)) })));
  zip.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkEntries', () => {
  it('finds an entry that holds more, fewer or other bytes than declared, deflated or stored', async () => {
    const lying = entries.map((e) => (e.name === 'f2.txt' ? { ...e, size: e.size - 1 } : e));
    const short = entries.map((e) => (e.name === 'f1.txt' ? { ...e, size: e.size + 5 } : e));
    const corrupt = entries.map((e) => (e.name === 'f3.txt' ? { ...e, crc32: 7 } : e));
    await expect(checkEntries(path, entries, 2)).resolves.toBeNull();
    await expect(checkEntries(path, lying, 2)).resolves.toEqual({
      name: 'f2.txt',
      message: `holds more than the ${entries[2].size - 1} bytes its header declares`,
    });
    await expect(checkEntries(path, short, 2)).resolves.toEqual({
      name: 'f1.txt',
      message: `holds fewer than the ${entries[1].size + 5} bytes its header declares`,
    });
    await expect(checkEntries(path, corrupt, 2)).resolves.toMatchObject({ name: 'f3.txt', message: /CRC-32/ });
  });

  it('stops and rejects when its signal is aborted', async () => {
    const stop = new AbortController();
    const checking = checkEntries(path, entries, 1, stop.signal);
    stop.abort(new Error('the copy failed'));
    await expect(checking).rejects.toThrow('the copy failed');
    await expect(checkEntries(path, entries, 1, stop.signal)).rejects.toThrow('the copy failed');
  });
});
