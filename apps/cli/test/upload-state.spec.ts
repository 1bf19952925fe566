import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configPath } from '../src/api/cli-config';
import { type UploadKey, UploadState, uploadStatePath } from '../src/upload/upload-state';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key: UploadKey = {
  server: 'http://a.test',
  path: '/data/s.zip',
  size: 100,
  mtimeMs: 1234.5,
  purpose: 'submission',
};

describe('UploadState: which upload to resume for a file', () => {
  it('lives beside config.json', () => {
    const env = { XDG_CONFIG_HOME: '/x' };
    expect(uploadStatePath(env)).toBe(join('/x', 'arena', 'uploads.json'));
    expect(uploadStatePath(env).replace('uploads.json', 'config.json')).toBe(configPath(env));
  });

  it('remembers an upload per server, file, size, mtime and purpose, owner-only, and forgets it', async () => {
    const state = new UploadState(join(dir, 'a', 'uploads.json'));
    await state.set(key, 'u1');
    expect(await state.get(key)).toBe('u1');
    expect(await state.get({ ...key, server: 'http://a.test/' })).toBe('u1');
    expect(await state.get({ ...key, server: 'http://b.test' })).toBeUndefined();
    expect(await state.get({ ...key, size: 101 })).toBeUndefined();
    expect(await state.get({ ...key, mtimeMs: 9999 })).toBeUndefined();
    expect(await state.get({ ...key, purpose: 'bundle' })).toBeUndefined();
    expect((await stat(state.file)).mode & 0o077).toBe(0);
    await state.forget(key);
    expect(await state.get(key)).toBeUndefined();
  });

  it('drops entries older than two weeks and survives a damaged file', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const state = new UploadState(join(dir, 'b', 'uploads.json'), () => now);
    await state.set(key, 'old');
    now += 15 * 24 * 3600 * 1000;
    expect(await state.get(key)).toBeUndefined();
    await writeFile(state.file, '{not json');
    expect(await state.get(key)).toBeUndefined();
    await state.set(key, 'new');
    expect(await state.get(key)).toBe('new');
    expect(Object.values(JSON.parse(await readFile(state.file, 'utf8')))).toEqual([
      { uploadId: 'new', savedAt: '2026-01-16T00:00:00.000Z' },
    ]);
  });
});
