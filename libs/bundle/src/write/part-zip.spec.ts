import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafeZip } from '@arena/safe-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../source/open-bundle';
import { writeDir, writeZip, zipBuffer, type FixtureFiles } from '../testing/bundle-fixture';
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

async function writePart(bundle: string, part: string, name: string): Promise<{ path: string; bytes: number; sha256: string }> {
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
    for (const e of zip.entries) out[e.name] = e.isDirectory ? '' : (await zip.readText(e.name, 1e6)).slice(0, 20);
    return out;
  } finally {
    zip.close();
  }
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

  it('gives the same bytes for the same folder, from a zip or a folder, at any time', async () => {
    const a = await writePart(bundles.zip, 'scoring_program', 'a.zip');
    const b = await writePart(bundles.directory, 'scoring_program', 'b.zip');
    const c = await writePart(bundles.directory, 'scoring_program', 'c.zip');
    expect(new Set([a.sha256, b.sha256, c.sha256]).size).toBe(1);
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
      await expect(writePartZip(source, 'nothing', sink())).rejects.toThrow(/bundle: nothing is neither a .zip file nor a folder/);
      await expect(writePartZip(source, 'competition.yaml', sink())).rejects.toThrow(/is a file but not a .zip archive/);
      await expect(writePartZip(source, '../etc', sink())).rejects.toThrow(/is not a path inside the bundle/);
    } finally {
      source.close();
    }
  });
});
