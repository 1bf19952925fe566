import type { TestDatabase } from './test-database';

/**
 * Waits until the boards took in every stored result (`leaderboard_arrivals` empty), or only the results of `runId`:
 * the API answers a worker's result before its boards are updated (LeaderboardMaintainer), so a test that reads a
 * board right after reporting a result waits for this first, as a reader would see `freshness.pending` drop to 0.
 */
export async function boardsTookIn(db: TestDatabase, runId?: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await db.query<{ n: number }>(
      runId
        ? `SELECT count(*)::int AS n FROM leaderboard_arrivals a JOIN runs r ON r.submission_id = a.submission_id
            WHERE r.id = $1`
        : 'SELECT count(*)::int AS n FROM leaderboard_arrivals',
      runId ? [runId] : [],
    );
    if (n === 0) {
      return;
    }
    if (Date.now() > until) {
      throw new Error(`the boards still have ${n} result(s) to take in after ${timeoutMs} ms`);
    }
    await new Promise((res) => setTimeout(res, 10));
  }
}
