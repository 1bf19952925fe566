/**
 * Serialized board responses, keyed by board, version and audience. A changed board has a new version, so stale
 * entries are never served; they age out of this bounded map (least recently used first).
 */
export class LeaderboardCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max = 500) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
