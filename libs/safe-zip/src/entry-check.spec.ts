import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkEntriesHere } from './entry-check';
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

const lying = () => entries.map((e) => (e.name === 'f2.txt' ? { ...e, size: e.size - 1 } : e));
const corrupt = () => entries.map((e) => (e.name === 'f3.txt' ? { ...e, crc32: 7 } : e));
const short = () => entries.map((e) => (e.name === 'f1.txt' ? { ...e, size: e.size + 5 } : e));

describe('checkEntries', () => {
  // workerAbove 0: every archive goes to a worker thread; Infinity: none does.
  for (const [where, workerAbove] of [['in a worker thread', 0], ['in the thread that asks', Infinity]] as const) {
    it(`finds an entry that holds more, fewer or other bytes than declared, ${where}`, async () => {
      await expect(checkEntries(path, entries, 2, undefined, workerAbove)).resolves.toBeNull();
      await expect(checkEntries(path, lying(), 2, undefined, workerAbove)).resolves.toEqual({
        name: 'f2.txt',
        message: `holds more than the ${entries[2].size - 1} bytes its header declares`,
      });
      await expect(checkEntries(path, short(), 2, undefined, workerAbove)).resolves.toEqual({
        name: 'f1.txt',
        message: `holds fewer than the ${entries[1].size + 5} bytes its header declares`,
      });
      await expect(checkEntries(path, corrupt(), 2, undefined, workerAbove)).resolves.toMatchObject({ name: 'f3.txt', message: /CRC-32/ });
    });

    it(`stops and rejects when its signal is aborted, ${where}`, async () => {
      const stop = new AbortController();
      const checking = checkEntries(path, entries, 1, stop.signal, workerAbove);
      stop.abort(new Error('the copy failed'));
      await expect(checking).rejects.toThrow('the copy failed');
      await expect(checkEntries(path, entries, 1, stop.signal, workerAbove)).rejects.toThrow('the copy failed');
    });
  }

  it('checks in the thread that asks when the worker cannot run the check (its source broken by a build)', async () => {
    // What a build that wraps functions in helpers of its own (defined outside the function) would give the worker.
    const broken = vi.spyOn(checkEntriesHere as unknown as { toString(): string }, 'toString').mockReturnValue('async () => __awaiter(0, void 0, void 0, function* () {})');
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      await expect(checkEntries(path, entries, 2, undefined, 0)).resolves.toBeNull();
      await expect(checkEntries(path, corrupt(), 2, undefined, 0)).resolves.toMatchObject({ name: 'f3.txt', message: /CRC-32/ });
      expect(warned).toHaveBeenCalledWith(expect.stringMatching(/__awaiter is not defined/));
    } finally {
      broken.mockRestore();
      warned.mockRestore();
    }
  });
});
