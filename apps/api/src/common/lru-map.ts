/**
 * A bounded map that forgets the least recently used entry first: caches keyed by something that changes when the
 * value would (a board's version), whose stale entries are never asked for again and simply age out.
 */
export class LruMap<V> {
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

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
