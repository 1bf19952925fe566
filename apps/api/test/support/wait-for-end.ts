import type { HttpClient } from './http-client';

/**
 * Polls a submission until it ends (finished, failed or cancelled) and returns its detail as `client` sees it. A
 * finished one is returned once the boards of its phase took it in, as the client sees them: none of them has a
 * result pending any more (`freshness.pending`; the boards take results in just after the worker reported them).
 */
export async function waitForEnd(client: HttpClient, id: string, timeoutMs = 150_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.json('GET', `/api/submissions/${id}`);
    if (['finished', 'failed', 'cancelled'].includes(r.body.status)) {
      if (r.body.status === 'finished') {
        await boardsCurrent(client, r.body.phaseId, deadline);
      }
      return r.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`submission ${id} still ${r.body.status} after ${timeoutMs} ms`);
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function boardsCurrent(client: HttpClient, phaseId: string, deadline: number): Promise<void> {
  for (;;) {
    const r = await client.json('GET', `/api/phases/${phaseId}/leaderboard?limit=1`);
    if (r.status !== 200) {
      return;
    }
    const boards: { freshness: { pending: number } }[] = r.body.leaderboards;
    if (boards.every((b) => b.freshness.pending === 0)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the boards of phase ${phaseId} still have results pending`);
    }
    await new Promise((res) => setTimeout(res, 50));
  }
}
