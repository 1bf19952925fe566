import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshAheadCache } from './refresh-ahead-cache';

describe('RefreshAheadCache', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  function counter() {
    let n = 0;
    return { load: vi.fn(async () => ++n) };
  }

  it('with an unbounded time-to-live (keys that change with the value), never loads a key again', async () => {
    const cache = new RefreshAheadCache<number>(Number.POSITIVE_INFINITY, 10);
    const { load } = counter();
    expect(await cache.get('k', load)).toBe(1);
    vi.setSystemTime(365 * 24 * 3600 * 1000);
    expect(await cache.get('k', load)).toBe(1);
    await Promise.resolve();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('asks its time-to-live at each read: trusted while changes are heard, expiring once they are not', async () => {
    let heard = true;
    const cache = new RefreshAheadCache<number>(() => (heard ? Number.POSITIVE_INFINITY : 1000), 10);
    const { load } = counter();
    expect(await cache.get('k', load)).toBe(1);
    vi.setSystemTime(60_000);
    expect(await cache.get('k', load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
    heard = false;
    expect(await cache.get('k', load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('serves a fresh value without loading again', async () => {
    const cache = new RefreshAheadCache<number>(1000, 10);
    const { load } = counter();
    expect(await cache.get('k', load)).toBe(1);
    vi.setSystemTime(400);
    expect(await cache.get('k', load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('from half its age serves the value and refreshes it in the background', async () => {
    const cache = new RefreshAheadCache<number>(1000, 10, undefined, () => 0); // the earliest refresh age drawn
    const { load } = counter();
    await cache.get('k', load);
    vi.setSystemTime(600);
    expect(await cache.get('k', load)).toBe(1); // not waiting for the refresh
    expect(load).toHaveBeenCalledTimes(2);
    await Promise.resolve();
    expect(await cache.get('k', load)).toBe(2);
    // The refreshed value counts its age from when its read began (600): still fresh at 1500.
    vi.setSystemTime(1050);
    expect(await cache.get('k', load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('refreshes values read together at ages scattered between half and nine tenths of the time-to-live', async () => {
    let draw = 0;
    const draws = [0, 0.5, 0.999];
    const cache = new RefreshAheadCache<number>(1000, 10, undefined, () => draws[draw++]);
    const loads = { a: vi.fn(async () => 1), b: vi.fn(async () => 1), c: vi.fn(async () => 1) };
    for (const [k, load] of Object.entries(loads)) {
      await cache.get(k, load);
    }
    const refreshed = async (at: number) => {
      vi.setSystemTime(at);
      for (const [k, load] of Object.entries(loads)) {
        await cache.get(k, load);
      }
      return Object.entries(loads)
        .filter(([, load]) => load.mock.calls.length > 1)
        .map(([k]) => k);
    };
    expect(await refreshed(499)).toEqual([]);
    expect(await refreshed(500)).toEqual(['a']);
    expect(await refreshed(700)).toEqual(['a', 'b']);
    expect(await refreshed(899)).toEqual(['a', 'b']);
    expect(await refreshed(900)).toEqual(['a', 'b', 'c']);
  });

  it('never serves a value older than its time-to-live: a reader past it waits for a load', async () => {
    const cache = new RefreshAheadCache<number>(1000, 10);
    let release!: (v: number) => void;
    await cache.get('k', async () => 1);
    vi.setSystemTime(1000);
    const pending = cache.get('k', () => new Promise<number>((r) => (release = r)));
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    release(7);
    expect(await pending).toBe(7);
  });

  it('shares one load between concurrent readers of a key', async () => {
    const cache = new RefreshAheadCache<number>(1000, 10);
    const { load } = counter();
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b]).toEqual([1, 1]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('drops values read before the generation moved on', async () => {
    let generation = 0;
    const cache = new RefreshAheadCache<number>(1000, 10, () => generation);
    const { load } = counter();
    await cache.get('k', load);
    generation++;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('a failed background refresh leaves the value until it expires, then the reader sees the error', async () => {
    const cache = new RefreshAheadCache<number>(1000, 10);
    await cache.get('k', async () => 1);
    vi.setSystemTime(700);
    const failing = vi.fn(async (): Promise<number> => {
      throw new Error('database down');
    });
    expect(await cache.get('k', failing)).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    vi.setSystemTime(1000);
    await expect(cache.get('k', failing)).rejects.toThrow('database down');
  });

  it('after clear() serves nothing read before it, not even a load that was under way', async () => {
    const cache = new RefreshAheadCache<number>(1000, 10);
    let release!: (v: number) => void;
    const before = cache.get('k', () => new Promise<number>((r) => (release = r)));
    cache.clear();
    release(1);
    expect(await before).toBe(1); // the reader that asked before the change gets its answer
    expect(await cache.get('k', async () => 2)).toBe(2);
  });
});
