import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG, writeDir, writeZip, zipBuffer, type FixtureFiles } from '../testing/bundle-fixture';
import { BundleOpenError } from './bundle-source';
import { openBundle } from './open-bundle';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'open-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASIC: FixtureFiles = {
  'competition.yaml': 'version: 2\ntitle: t\n',
  'logo.png': PNG,
  'prog/metadata.yaml': 'command: x\n',
  'prog/sub/a.py': 'print(1)\n',
};

async function openError(path: string): Promise<BundleOpenError> {
  const e = await openBundle(path).then(
    (s) => {
      s.close();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BundleOpenError);
  return e as BundleOpenError;
}

describe('openBundle: zip and folder give the same view', () => {
  it.each(['zip', 'directory'] as const)('%s', async (kind) => {
    const path =
      kind === 'zip' ? await writeZip(join(dir, 'basic.zip'), BASIC) : await writeDir(join(dir, 'basic'), BASIC);
    const source = await openBundle(path);
    try {
      expect(source.kind).toBe(kind);
      expect(source.label).toBe(kind === 'zip' ? 'basic.zip' : 'basic');
      expect(source.competitionFile).toBe('competition.yaml');
      expect(source.files().sort()).toEqual(['competition.yaml', 'logo.png', 'prog/metadata.yaml', 'prog/sub/a.py']);
      expect(source.hasFile('prog/sub/a.py')).toBe(true);
      expect(source.hasFile('prog')).toBe(false);
      expect([source.hasDir('prog'), source.hasDir('prog/'), source.hasDir('prog/sub'), source.hasDir('pro')]).toEqual([
        true,
        true,
        true,
        false,
      ]);
      expect(source.size('logo.png')).toBe(PNG.length);
      await expect(source.readText('prog/metadata.yaml', 100)).resolves.toBe('command: x\n');
      await expect(source.readText('prog/metadata.yaml', 5)).rejects.toThrow(/larger than 5 bytes/);
      const chunks: Buffer[] = [];
      for await (const c of source.openRead('logo.png')) {
        chunks.push(c as Buffer);
      }
      expect(Buffer.concat(chunks)).toEqual(PNG);
      expect(() => source.openRead('../etc/passwd')).toThrow(/no file/);
    } finally {
      source.close();
    }
  });

  it('leaves out __MACOSX and .DS_Store from a macOS zip', async () => {
    const path = await writeZip(join(dir, 'mac.zip'), {
      ...BASIC,
      '__MACOSX/._competition.yaml': 'junk',
      '__MACOSX/prog/._metadata.yaml': 'junk',
      '.DS_Store': 'junk',
      'prog/.DS_Store': 'junk',
    });
    const source = await openBundle(path);
    expect(source.files().sort()).toEqual(['competition.yaml', 'logo.png', 'prog/metadata.yaml', 'prog/sub/a.py']);
    source.close();
  });

  it('accepts competition.yml, and the competition.yaml path itself', async () => {
    const yml = await writeZip(join(dir, 'yml.zip'), { 'competition.yml': 'title: t\n' });
    const source = await openBundle(yml);
    expect(source.competitionFile).toBe('competition.yml');
    source.close();
    const folder = await writeDir(join(dir, 'by-file'), BASIC);
    const byFile = await openBundle(join(folder, 'competition.yaml'));
    expect([byFile.kind, byFile.label]).toEqual(['directory', 'by-file']);
  });
});

describe('openBundle: refusals name the bundle', () => {
  it('says when the zip holds a folder instead of its contents', async () => {
    const path = await writeZip(join(dir, 'wrapped.zip'), {
      'my-comp/competition.yaml': 'title: t\n',
      'my-comp/logo.png': PNG,
    });
    const e = await openError(path);
    expect(e.code).toBe('no-competition-yaml');
    expect(e.message).toBe(
      "wrapped.zip: competition.yaml is not at the root of the zip; found it in my-comp/ — zip the folder's contents, not the folder",
    );
  });

  it('says the same for a folder one level too high', async () => {
    const path = await writeDir(join(dir, 'parent'), { 'inner/competition.yaml': 'title: t\n' });
    expect((await openError(path)).message).toMatch(
      /not at the root of the folder; found it in inner\/ — point at that folder/,
    );
  });

  it.each([
    [{ 'README.md': 'hi' }, /^nothing.zip: no competition.yaml at the root of the zip$/],
    [{ 'comp.yaml': 'x' }, /found comp.yaml; the file must be named competition.yaml/],
    [{ 'Competition.YAML': 'x' }, /found Competition.YAML at the root of the zip: rename it competition.yaml/],
  ])('explains a missing competition.yaml (%o)', async (files, message) => {
    const path = await writeZip(join(dir, 'nothing.zip'), files);
    expect((await openError(path)).message).toMatch(message);
  });

  it('refuses a file that is not a zip, and a path that does not exist', async () => {
    const path = join(dir, 'bundle.zip');
    await writeFile(path, 'this is not a zip');
    const e = await openError(path);
    expect([e.code, e.file]).toEqual(['not-a-bundle', 'bundle.zip']);
    expect(e.message).toMatch(/^bundle.zip: is neither a zip archive nor a folder/);
    expect((await openError(join(dir, 'missing.zip'))).code).toBe('not-found');
    await writeFile(join(dir, 'empty.zip'), '');
    expect((await openError(join(dir, 'empty.zip'))).code).toBe('not-a-bundle');
  });

  it('refuses a zip with a path traversal entry (via safe-zip)', async () => {
    const buf = await zipBuffer({ 'competition.yaml': 'title: t\n', 'xx/evil.txt': 'pwned' });
    // yazl will not write `..`; patch the name (same length) in the local and central headers.
    const patched = Buffer.from(buf.toString('latin1').split('xx/evil.txt').join('../evil.txt'), 'latin1');
    await writeFile(join(dir, 'slip.zip'), patched);
    const e = await openError(join(dir, 'slip.zip'));
    expect(e.code).toBe('unsafe');
    expect(e.message).toMatch(/^slip.zip: .*\.\.\/evil\.txt: path traversal/);
  });

  it('refuses a zip with a symbolic link entry', async () => {
    const path = await writeZip(join(dir, 'link.zip'), {
      'competition.yaml': 'title: t\n',
      'data/passwd': { symlink: '/etc/passwd' },
    });
    expect((await openError(path)).message).toBe('link.zip: data/passwd: symbolic links are not allowed');
  });

  it('refuses a zip bomb and too many entries', async () => {
    const bomb = await writeZip(join(dir, 'bomb.zip'), {
      'competition.yaml': 'title: t\n',
      'zeros.bin': Buffer.alloc(8 * 1024 * 1024),
    });
    expect((await openError(bomb)).message).toMatch(/^bomb.zip: zeros.bin: compression ratio \d+ exceeds 200$/);
    const many = await writeZip(
      join(dir, 'many.zip'),
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, 'x'])),
    );
    const e = await openBundle(many, { maxEntries: 10 }).catch((err: BundleOpenError) => err);
    expect((e as BundleOpenError).message).toBe('many.zip: more than 10 entries');
  });

  it('refuses a folder with a symbolic link, naming it', async () => {
    const path = await writeDir(join(dir, 'linked'), {
      'competition.yaml': 'title: t\n',
      'data/leak': { symlink: '/etc/passwd' },
    });
    const e = await openError(path);
    expect([e.code, e.message]).toEqual(['unsafe', 'linked: data/leak: symbolic links are not allowed']);
  });

  it('applies the entry and size caps to folders too', async () => {
    const path = await writeDir(join(dir, 'big'), { 'competition.yaml': 'title: t\n', 'a.bin': Buffer.alloc(5000) });
    const e = await openBundle(path, { maxTotalBytes: 1000 }).catch((err: BundleOpenError) => err);
    expect((e as BundleOpenError).message).toMatch(/^big: size \d+ bytes exceeds the cap of 1000 bytes$/);
  });
});
