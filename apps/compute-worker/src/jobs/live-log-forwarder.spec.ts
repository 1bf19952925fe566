import { describe, expect, it } from 'vitest';
import type { RunApiClient } from '@worker/api-client/api-client';
import { createLogger } from '@worker/logger';
import { LiveLogForwarder } from './live-log-forwarder';

/** An API that stores chunks like the real one: only at the current length, up to a cap; can fail on demand. */
function fakeApi(cap = 1_000_000) {
  const held = { stdout: '', stderr: '' };
  let failNext = 0;
  const api = {
    appendLog: async (stream: 'stdout' | 'stderr', offset: number, text: Buffer) => {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('API unavailable');
      }
      const stored = offset === Buffer.byteLength(held[stream]) && Buffer.byteLength(held[stream]) < cap;
      if (stored) held[stream] += text.toString();
      return { length: Buffer.byteLength(held[stream]), stored };
    },
  };
  return { api: api as unknown as RunApiClient, held, fail: (n: number) => (failNext = n) };
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
});
