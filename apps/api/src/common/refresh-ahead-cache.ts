import { LRUCache } from 'lru-cache';

interface Entry<V> {
  value: V;
  /** When the read that produced the value began. */
  at: number;
  generation: number;
  /** The share of the time-to-live from which a read refreshes it: between half and nine tenths, drawn per value. */
  refreshAt: number;
}

/**
 * Values read from the database, trusted for `ttlMs` from when their read began: the bound on staleness for changes
 * this process does not hear of (see CacheCoherence). From half to nine tenths of that age (drawn per value) a read
 * serves the value and refreshes it in the background, so a key read often never expires and its readers never wait
 * on the database (a caller polling "my rank" would otherwise wait once per `ttlMs`: the p99 of the endpoint). One load per
 * key at a time; concurrent readers share it. A value read before `generation()` moved on is not served.
 * With `ttlMs` infinite, values are kept until pushed out: for keys that change when the value would (a board's
 * version), the cache is then only a bounded map whose concurrent first readers share one load.
 */
export class RefreshAheadCache<V> {
  private readonly entries: LRUCache<string, Entry<V>>;
  private readonly loads = new Map<string, Promise<V>>();
  private epoch = 0;

  /** `ttlMs`: a number, or asked at each read (how long values may be trusted can change, see LeaderboardChanges). */
  constructor(
    private readonly ttlMs: number | (() => number),
    max: number,
    private readonly generation: () => number = () => 0,
    private readonly random: () => number = Math.random,
  ) {
    this.entries = new LRUCache({ max });
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.generation === this.generation()) {
      const age = Date.now() - entry.at;
      const ttl = this.ttl();
      if (age < ttl) {
        // A failed refresh leaves the value to expire; the next reader then waits for a load and sees its error.
        if (age >= ttl * entry.refreshAt) {
          void this.load(key, load).catch(() => undefined);
        }
        return Promise.resolve(entry.value);
      }
    }
    return this.load(key, load);
  }

  /**
   * Forgets every value, and makes loads already under way store nothing: after a change made in this process (a
   * token revoked), no reader is served what was read before it.
   */
  clear(): void {
    this.entries.clear();
    this.loads.clear();
    this.epoch++;
  }

  private ttl(): number {
    return typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs();
  }

  private load(key: string, load: () => Promise<V>): Promise<V> {
    const running = this.loads.get(key);
    if (running) {
      return running;
    }
    const generation = this.generation();
    const epoch = this.epoch;
    const at = Date.now();
    const loading = load()
      .then((value) => {
        // Values read together (every poller's, after a change) are refreshed at scattered ages, not in one burst
        // that would hold up the requests served meanwhile.
        const refreshAt = 0.5 + 0.4 * this.random();
        if (epoch === this.epoch) {
          this.entries.set(key, { value, at, generation, refreshAt });
        }
        return value;
      })
      .finally(() => {
        if (this.loads.get(key) === loading) {
          this.loads.delete(key);
        }
      });
    this.loads.set(key, loading);
    return loading;
  }
}
