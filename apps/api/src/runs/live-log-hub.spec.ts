import { describe, expect, it } from 'vitest';
import { ChangeSignals } from '@api/cache-coherence/change-signals';
import { LiveLogHub, type LogFollower } from './live-log-hub';
import type { LiveLogsRepository, LogChunk } from './live-logs.repository';
import type { RunsRepository } from './runs.repository';

/** Stored chunks of one run, read as the repository does (from each stream's offset); a read can be held open. */
function fakeStore() {
  const chunks: LogChunk[] = [];
  let hold: Promise<void> | null = null;
  let release = () => undefined as void;
  const liveLogs = {
    since: async (_runIds: string[], after: { runId: string; stream: string; offset: number }[]) => {
      const taken = chunks.filter((c) => c.offset >= (after.find((a) => a.stream === c.stream)?.offset ?? 0));
      if (hold) {
        await hold;
      }
      return taken;
    },
  } as unknown as LiveLogsRepository;
  let status = 'running';
  const runs = {
    forSubmission: async () => [{ id: 'r1' }],
    submissionStatus: async () => status,
  } as unknown as RunsRepository;
  return {
    liveLogs,
    runs,
    add: (data: string) => {
      const offset = chunks.reduce((n, c) => n + Buffer.byteLength(c.data), 0);
      chunks.push({ runId: 'r1', stream: 'stdout', offset, data });
    },
    holdReads: () => {
      hold = new Promise<void>((r) => (release = r));
    },
    releaseReads: () => {
      hold = null;
      release();
    },
    end: () => (status = 'finished'),
  };
}

function recorder() {
  const got = { text: '', ended: null as string | null };
  const follower: LogFollower = {
    chunk: (c) => (got.text += c.data),
    end: (status) => (got.ended = status),
    fail: (e) => {
      throw e;
    },
  };
  return { got, follower };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('LiveLogHub', () => {
  it('a follower that comes while a read is running gets the whole output, then the end', async () => {
    const store = fakeStore();
    const signals = new ChangeSignals();
    const hub = new LiveLogHub(store.liveLogs, store.runs, signals);
    hub.onModuleInit();
    store.add('a\n');
    const first = recorder();
    hub.follow('s1', first.follower);
    await settle();
    expect(first.got.text).toBe('a\n');

    // A new chunk is announced; the read it starts is still running when a second follower comes.
    store.add('b\n');
    store.holdReads();
    signals.emit({ kind: 'run_log', id: 'r1' });
    await settle();
    const second = recorder();
    hub.follow('s1', second.follower);
    store.releaseReads();
    await settle();
    expect(first.got.text).toBe('a\nb\n');
    expect(second.got.text).toBe('a\nb\n');

    // The submission ends during a read that a third follower joins: it too gets the output before the end.
    store.add('c\n');
    store.end();
    store.holdReads();
    signals.emit({ kind: 'submission_ended', id: 's1' });
    await settle();
    const third = recorder();
    hub.follow('s1', third.follower);
    store.releaseReads();
    await settle();
    for (const f of [first, second, third]) {
      expect(f.got).toEqual({ text: 'a\nb\nc\n', ended: 'finished' });
    }
    hub.onModuleDestroy();
  });
});
