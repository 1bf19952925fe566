/**
 * Bucket edges, in seconds, of the queue-wait and run-time histograms: roughly logarithmic, so that a run of seconds
 * and one of an hour both fall in a bucket that says something. `width_bucket` numbers the buckets from 1 (below the
 * first edge: 0); the last one is open ended.
 */
export const HISTOGRAM_EDGES_SEC = [0, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200] as const;

export interface HistogramBucket {
  fromSec: number;
  /** null: open ended. */
  toSec: number | null;
  count: number;
}

/** Every bucket, empty ones included, from the counts SQL gave per `width_bucket` number. */
export function histogram(counts: ReadonlyMap<number, number>): HistogramBucket[] {
  return HISTOGRAM_EDGES_SEC.map((fromSec, i) => ({
    fromSec,
    toSec: HISTOGRAM_EDGES_SEC[i + 1] ?? null,
    count: counts.get(i + 1) ?? 0,
  }));
}
