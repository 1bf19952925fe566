import { describe, expect, it } from 'vitest';
import type { RunApiClient } from '@worker/api-client/api-client';
import { createLogger } from '@worker/logger';
import { LiveLogForwarder } from './live-log-forwarder';

/** An API that stores chunks like the real one: only at the current length, up to a cap; can fail on demand. */
function fakeApi(cap = 1_000_000) {
  const held = { stdout: '', stderr: '' };
  let failNext = 0;
  const calls: number[] = [];
  const api = {
    appendLog: async (stream: 'stdout' | 'stderr', offset: number, text: Buffer) => {
      calls.push(Date.now());
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('API unavailable');
      }
      const stored = offset === Buffer.byteLength(held[stream]) && Buffer.byteLength(held[stream]) < cap;
      if (stored) {
        held[stream] += text.toString();
      }
      return { length: Buffer.byteLength(held[stream]), stored };
    },
  };
  return { api: api as unknown as RunApiClient, held, calls, fail: (n: number) => (failNext = n) };
}

const logger = createLogger('silent');

describe('LiveLogForwarder', () => {
  it('sends each byte once, in order, across flushes and failures', async () => {
    const { api, held, fail } = fakeApi();
    const f = new LiveLogForwarder(api, 1000, logger);
    f.push('stdout', Buffer.from('one\n'));
    await f.flush();
    f.push('stdout', Buffer.from('two\n'));
    f.push('stderr', Buffer.from('warn\n'));
    fail(1);
    await f.flush();
    f.push('stdout', Buffer.from('three\n'));
    await f.stop();
    expect(held).toEqual({ stdout: 'one\ntwo\nthree\n', stderr: 'warn\n' });
  });

  it('keeps only the cap, and stops once the API refuses', async () => {
    const { api, held } = fakeApi(4);
    const f = new LiveLogForwarder(api, 6, logger);
    f.push('stdout', Buffer.from('abcdefghij'));
    await f.flush();
    f.push('stdout', Buffer.from('more'));
    await f.stop();
    expect(held.stdout).toBe('abcdef');
  });

  it('sends output as it comes, without waiting for a flush', async () => {
    const { api, held } = fakeApi();
    const f = new LiveLogForwarder(api, 1000, logger);
    f.start();
    const t0 = Date.now();
    f.push('stdout', Buffer.from('now\n'));
    while (held.stdout === '' && Date.now() - t0 < 2000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(held.stdout).toBe('now\n');
    expect(Date.now() - t0).toBeLessThan(500);
    await f.stop();
  });

  it('batches a steady stream of output: a send per stream every 50 ms at most, each byte once', async () => {
    const { api, held, calls } = fakeApi();
    const f = new LiveLogForwarder(api, 100_000, logger);
    f.start();
    const t0 = Date.now();
    let n = 0;
    while (Date.now() - t0 < 900) {
      f.push('stdout', Buffer.from(`line ${n++}\n`));
      await new Promise((r) => setTimeout(r, 5));
    }
    await f.stop();
    expect(held.stdout).toBe(Array.from({ length: n }, (_, i) => `line ${i}\n`).join(''));
    // 900 ms of output: about eighteen sends, and the last one at stop.
    expect(calls.length).toBeLessThanOrEqual(900 / 50 + 2);
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });

  it('tries a failed send again on its own', async () => {
    const { api, held, fail } = fakeApi();
    const f = new LiveLogForwarder(api, 1000, logger);
    f.start();
    fail(1);
    f.push('stderr', Buffer.from('later\n'));
    const t0 = Date.now();
    while (held.stderr === '' && Date.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(held.stderr).toBe('later\n');
    await f.stop();
  });
});
