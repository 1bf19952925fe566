import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunFileCache } from './run-file-cache';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: number): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, Buffer.alloc(bytes, name.charCodeAt(0)));
  return p;
}

describe('RunFileCache', () => {
  it('keeps files under the cap, evicting the least recently used first', async () => {
    const cache = new RunFileCache(join(dir, 'cache'), 250);
    await cache.init();
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await cache.store('a', '"1"', await file('a', 100));
    await tick();
    await cache.store('b', '"2"', await file('b', 100));
    await tick();
    await cache.restore(cache.lookup('a')!, join(dir, 'a-out'));
    await tick();
    await cache.store('c', '"3"', await file('c', 100));
    expect(cache.lookup('b')).toBeUndefined();
    expect(cache.lookup('a')?.etag).toBe('"1"');
    expect(cache.lookup('c')).toBeDefined();
    expect(cache.sizeBytes).toBe(200);
  });

  it('does not keep a file larger than the whole cache, and replaces an entry whose tag changed', async () => {
    const cache = new RunFileCache(join(dir, 'cache'), 150);
    await cache.init();
    await cache.store('big', '"1"', await file('big', 200));
    expect(cache.lookup('big')).toBeUndefined();
    await cache.store('k', '"1"', await file('x', 50));
    await cache.store('k', '"2"', await file('y', 60));
    expect(cache.lookup('k')).toMatchObject({ etag: '"2"', size: 60 });
    expect(cache.sizeBytes).toBe(60);
  });

  it('survives a restart: the index is rebuilt from disk', async () => {
    const first = new RunFileCache(join(dir, 'cache'), 1000);
    await first.init();
    await first.store('prog', '"abc"', await file('p', 10));
    const second = new RunFileCache(join(dir, 'cache'), 1000);
    await second.init();
    const entry = second.lookup('prog')!;
    expect(entry.etag).toBe('"abc"');
    await second.restore(entry, join(dir, 'out'));
    await expect(readFile(join(dir, 'out'))).resolves.toEqual(Buffer.alloc(10, 'p'.charCodeAt(0)));
  });
});
