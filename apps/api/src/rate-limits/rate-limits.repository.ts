import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface KeyLimit {
  key: string;
  max: number;
}

export type TakeOutcome =
  { taken: true; hitIds: string[] } | { taken: false; refused: KeyLimit; count: number; resetsAt: Date };

/** Sole access to the rate limits' sliding-window log (rate_limit_hits). Times are the database's clock. */
@Injectable()
export class RateLimitsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records one hit on every key if none of them has `max` hits within the last `windowSec`; otherwise records nothing
   * and names the first full key, its count and when its oldest counted hit leaves the window. Each key is locked for
   * the transaction first, and the count is read after the lock (a statement of its own, so with a fresh snapshot):
   * concurrent requests, in this process or another, cannot all pass on the same last free slot.
   */
  take(limits: KeyLimit[], windowSec: number): Promise<TakeOutcome> {
    const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const keys = sorted.map((l) => l.key);
    return this.db.transaction(async (m) => {
      // In key order, so that two requests sharing keys never wait on each other crosswise.
      for (const key of keys) {
        await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 19))', [key]);
      }
      await m.query(
        'DELETE FROM rate_limit_hits WHERE key = ANY($1) AND at <= clock_timestamp() - make_interval(secs => $2)',
        [keys, windowSec],
      );
      const rows: { key: string; times: Date[] }[] = await m.query(
        'SELECT key, array_agg(at ORDER BY at) AS times FROM rate_limit_hits WHERE key = ANY($1) GROUP BY key',
        [keys],
      );
      const times = new Map(rows.map((r) => [r.key, r.times]));
      for (const limit of sorted) {
        const hits = times.get(limit.key) ?? [];
        if (hits.length >= limit.max) {
          // A slot frees when enough of the oldest hits have left the window (more than one where the limit was lowered).
          const freeing = hits[hits.length - limit.max];
          return {
            taken: false,
            refused: limit,
            count: hits.length,
            resetsAt: new Date(new Date(freeing).getTime() + windowSec * 1000),
          };
        }
      }
      const inserted: { id: string }[] = await m.query(
        'INSERT INTO rate_limit_hits (key) SELECT unnest($1::text[]) RETURNING id',
        [keys],
      );
      return { taken: true, hitIds: inserted.map((r) => String(r.id)) };
    });
  }

  /** Takes hits back (an attempt that turned out to count only when it fails succeeded). */
  async remove(hitIds: string[]): Promise<void> {
    if (hitIds.length) {
      await this.db.query('DELETE FROM rate_limit_hits WHERE id = ANY($1::bigint[])', [hitIds]);
    }
  }

  /** Drops hits that left every window; returns how many. */
  async prune(windowSec: number): Promise<number> {
    const r: [unknown, number] = await this.db.query(
      'DELETE FROM rate_limit_hits WHERE at <= clock_timestamp() - make_interval(secs => $1)',
      [windowSec],
    );
    return r[1];
  }
}
