import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafeZip } from '@arena/safe-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../source/open-bundle';
import { writeDir, writeZip, writeZipStreamed, zipBuffer, type FixtureFiles } from '../testing/bundle-fixture';
import { writePartZip } from './part-zip.writer';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'part-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NESTED: FixtureFiles = { 'metadata.yaml': 'command: go\n', 'go.py': 'print(1)\n' };
const FILES: FixtureFiles = {
  'competition.yaml': 'title: t\n',
  'scoring_program/metadata.yaml': 'command: python3 score.py\n',
  'scoring_program/score.py': 'print("score")\n',
  'scoring_program/lib/util.py': 'X = 1\n',
  'scoring_program/.DS_Store': 'junk',
  'scoring_program/picture.png': Buffer.alloc(2000, 7),
  'ingestion_program.zip': { zip: NESTED },
};

async function writePart(
  bundle: string,
  part: string,
  name: string,
): Promise<{ path: string; bytes: number; sha256: string }> {
  const source = await openBundle(bundle);
  try {
    const path = join(dir, name);
    const result = await writePartZip(source, part, createWriteStream(path));
    return { path, ...result };
  } finally {
    source.close();
  }
}

async function listAndRead(zipPath: string): Promise<Record<string, string>> {
  const zip = await SafeZip.open(zipPath);
  try {
    const out: Record<string, string> = {};
    for (const e of zip.entries) {
      out[e.name] = e.isDirectory ? '' : (await zip.readText(e.name, 1e6)).slice(0, 20);
    }
    return out;
  } finally {
    zip.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('writePartZip', () => {
  const bundles: Record<string, string> = {};
  beforeAll(async () => {
    bundles.zip = await writeZip(join(dir, 'bundle.zip'), { ...FILES, '__MACOSX/scoring_program/._score.py': 'junk' });
    bundles.directory = await writeDir(join(dir, 'bundle'), FILES);
  });

  it.each(['zip', 'directory'])('zips a folder part of a %s bundle, entries relative to the folder', async (kind) => {
    const out = await writePart(bundles[kind], 'scoring_program/', `${kind}-scoring.zip`);
    expect(await listAndRead(out.path)).toEqual({
      'lib/util.py': 'X = 1\n',
      'metadata.yaml': 'command: python3 sco',
      'picture.png': '\u0007'.repeat(20),
      'score.py': 'print("score")\n',
    });
    const bytes = await readFile(out.path);
    expect(out.bytes).toBe(bytes.length);
    expect(out.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('gives the same bytes for the same folder at any time, from a zip or from a folder', async () => {
    const fromZip = [
      await writePart(bundles.zip, 'scoring_program', 'a.zip'),
      await writePart(bundles.zip, 'scoring_program', 'b.zip'),
    ];
    const fromDir = [
      await writePart(bundles.directory, 'scoring_program', 'c.zip'),
      await writePart(bundles.directory, 'scoring_program', 'd.zip'),
    ];
    expect(fromZip[0].sha256).toBe(fromZip[1].sha256);
    expect(fromDir[0].sha256).toBe(fromDir[1].sha256);
  });

  it('copies the files of a zip bundle as the bundle stores them, deflated bytes untouched, CRC-32 and sizes kept', async () => {
    const csv = Buffer.from(
      Array.from({ length: 20_000 }, (_, i) => `${i},${(i * 7919) % 1000},label_${i % 3}\n`).join(''),
    );
    const bin = randomBytes(300 * 1024);
    const bundle = await writeZipStreamed(join(dir, 'raw-bundle.zip'), (z) => {
      z.addBuffer(Buffer.from('title: t\n'), 'competition.yaml');
      z.addBuffer(csv, 'data/train.csv', { compressionLevel: 9 });
      z.addBuffer(bin, 'data/weights.bin', { compress: false });
    });
    const out = await writePart(bundle, 'data', 'raw-part.zip');
    const [source, part] = [await SafeZip.open(bundle), await SafeZip.open(out.path)];
    try {
      for (const [inBundle, inPart, method] of [
        ['data/train.csv', 'train.csv', 8],
        ['data/weights.bin', 'weights.bin', 0],
      ] as const) {
        const a = await source.rawEntry(inBundle);
        const b = await part.rawEntry(inPart);
        // Level 9 is not what a writer deflating again would choose: equal bytes mean they were copied.
        expect([b.method, b.crc32, b.size, b.compressedSize]).toEqual([method, a.crc32, a.size, a.compressedSize]);
        expect(await readAll(await part.openRaw(inPart))).toEqual(await readAll(await source.openRaw(inBundle)));
      }
      await part.verify('raw-part.zip');
      expect(await part.readText('train.csv', 1e7)).toBe(csv.toString());
    } finally {
      source.close();
      part.close();
    }
  });

  it('deflates the files of a folder bundle, but stores those that would not shrink', async () => {
    const root = await writeDir(join(dir, 'mixed'), {
      'competition.yaml': 'title: t\n',
      'data/train.csv': 'a,b\n'.repeat(50_000),
      'data/noise.bin': randomBytes(200 * 1024),
    });
    const out = await writePart(root, 'data', 'mixed-part.zip');
    const part = await SafeZip.openVerified(out.path);
    try {
      expect((await part.rawEntry('train.csv')).method).toBe(8);
      expect((await part.rawEntry('noise.bin')).method).toBe(0);
    } finally {
      part.close();
    }
  });

  it.each(['zip', 'directory'])('copies a nested zip of a %s bundle as is', async (kind) => {
    const out = await writePart(bundles[kind], 'ingestion_program.zip', `${kind}-ingestion.zip`);
    const original = await zipBuffer(NESTED);
    expect(await readFile(out.path)).toEqual(original);
    expect(out.sha256).toBe(createHash('sha256').update(original).digest('hex'));
    expect(Object.keys(await listAndRead(out.path))).toEqual(['metadata.yaml', 'go.py']);
  });

  it('refuses a part that is missing, a plain file, or outside the bundle', async () => {
    const source = await openBundle(bundles.directory);
    try {
      const sink = () => createWriteStream(join(dir, 'never.zip'));
      await expect(writePartZip(source, 'nothing', sink())).rejects.toThrow(
        /bundle: nothing is neither a .zip file nor a folder/,
      );
      await expect(writePartZip(source, 'competition.yaml', sink())).rejects.toThrow(
        /is a file but not a .zip archive/,
      );
      await expect(writePartZip(source, '../etc', sink())).rejects.toThrow(/is not a path inside the bundle/);
    } finally {
      source.close();
    }
  });
});
