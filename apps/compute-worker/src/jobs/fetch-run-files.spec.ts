import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { singleTopFolder } from './fetch-run-files';

describe('singleTopFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arena-top-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function zipOf(files: string[]): Promise<string> {
    const src = join(dir, 'src');
    for (const f of files) {
      await mkdir(dirname(join(src, f)), { recursive: true });
      await writeFile(join(src, f), 'x');
    }
    const zip = join(dir, `${files.length}-${Math.random()}.zip`);
    await zipDirectory(src, createWriteStream(zip));
    await rm(src, { recursive: true });
    return zip;
  }

  it.each([
    [['prog/metadata.yaml', 'prog/score.py'], 'prog/'],
    [['prog/metadata.yaml', '__MACOSX/prog/._metadata.yaml'], 'prog/'],
    [['prog/sub/a.py'], 'prog/'],
    [['metadata.yaml', 'score.py'], ''],
    [['prog/a.py', 'other/b.py'], ''],
    [['prog/a.py', 'README'], ''],
    [['single.txt'], ''],
  ])('%j → %j', async (files, expected) => {
    await expect(singleTopFolder(await zipOf(files))).resolves.toBe(expected);
  });
});
