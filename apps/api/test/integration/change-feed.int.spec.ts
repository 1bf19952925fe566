import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_CHANNEL, ChangeFeed, type ChangeSignal, type ChangeTopic } from '@api/cache-coherence/change-feed';
import { databaseUrl, TEST_ENV } from '../support/test-env';

/**
 * The listening connection against a real PostgreSQL: whatever happened while it did not listen is announced when
 * it starts to, and a connection that goes silent without closing is given up within its heartbeat. Readers that
 * trust their caches while changes are heard (LeaderboardChanges.heard) rely on both.
 */
describe('ChangeFeed', () => {
  const name = `arena_feed_${randomBytes(6).toString('hex')}`;
  const url = databaseUrl(name);
  const feeds: ChangeFeed[] = [];

  async function admin(sql: string): Promise<void> {
    const c = new Client({ connectionString: TEST_ENV.adminDatabaseUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }

  async function notify(payload: string): Promise<void> {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]);
    await c.end();
  }

  /** A feed that records what it reports, in order. */
  function recordedFeed(connectionString: string, heartbeatMs?: number) {
    const events: string[] = [];
    const feed = new ChangeFeed({
      connectionString,
      heartbeatMs,
      onChange: (topic: ChangeTopic) => events.push(topic),
      onSignal: (signal: ChangeSignal | null) => events.push(signal ? `${signal.kind}:${signal.id}` : 'signals missed'),
      onLost: () => events.push('lost'),
      onListening: () => events.push('listening'),
    });
    feeds.push(feed);
    return { feed, events };
  }

  async function until(done: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!done()) {
      if (Date.now() > end) {
        throw new Error('timed out');
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const EVERYTHING_MISSED = ['identities', 'leaderboards', 'arrivals', 'signals missed', 'listening'];

  afterAll(async () => {
    for (const feed of feeds) {
      await feed.stop();
    }
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('announces everything as missed when it starts listening after failed attempts, then hears each change', async () => {
    // The database does not exist yet: the first attempt fails, as when the API starts before the database answers.
    const { feed, events } = recordedFeed(url);
    await feed.start();
    expect(events).toEqual(['lost']);
    await admin(`CREATE DATABASE ${name}`);
    await until(() => events.includes('listening'));
    expect(events.slice(events.lastIndexOf('lost') + 1)).toEqual(EVERYTHING_MISSED);
    events.length = 0;
    await notify('leaderboards');
    await until(() => events.length > 0);
    expect(events).toEqual(['leaderboards']);
  });

  describe('through a connection that goes silent', () => {
    let proxy: Server;
    /** Sockets carrying data now, and every socket the proxy opened. */
    const sockets: Socket[] = [];
    const all: Socket[] = [];
    /** Connections open now stop carrying anything, both ways, without closing; new ones pass. */
    let silence: () => void;

    beforeAll(async () => {
      const target = new URL(url);
      proxy = createServer((down) => {
        const up = connect(Number(target.port || 5432), target.hostname);
        down.pipe(up);
        up.pipe(down);
        for (const s of [up, down]) {
          s.on('error', () => undefined);
          sockets.push(s);
          all.push(s);
        }
      });
      silence = () => {
        for (const s of sockets) {
          s.unpipe();
          s.pause();
        }
        sockets.length = 0;
      };
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    });

    afterAll(async () => {
      for (const feed of feeds) {
        await feed.stop();
      }
      for (const s of all) {
        s.destroy();
      }
      await new Promise((r) => proxy.close(r));
    });

    it('is given up within two heartbeats and opened again, and what was missed is announced', async () => {
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String((proxy.address() as { port: number }).port);
      const { feed, events } = recordedFeed(viaProxy.toString(), 300);
      await feed.start();
      expect(events).toEqual(EVERYTHING_MISSED);
      await until(() => sockets.length === 2);
      // A heartbeat or two passes: a live connection is kept.
      await new Promise((r) => setTimeout(r, 700));
      expect(events).toEqual(EVERYTHING_MISSED);
      events.length = 0;
      const silentAt = Date.now();
      silence();
      // Announced now, this reaches the database's listener but never this process: it must count as missed.
      await notify('identities');
      await until(() => events.includes('lost'), 3000);
      expect(Date.now() - silentAt).toBeLessThan(2 * 300 + 400);
      await until(() => events.includes('listening'), 5000);
      expect(events).toEqual(['lost', ...EVERYTHING_MISSED]);
      events.length = 0;
      await notify('arrivals');
      await until(() => events.length > 0);
      expect(events).toEqual(['arrivals']);
    });
  });
});
