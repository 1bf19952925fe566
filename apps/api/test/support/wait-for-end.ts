import type { HttpClient } from './http-client';

/** Polls a submission until it ends (finished, failed or cancelled) and returns its detail as `client` sees it. */
export async function waitForEnd(client: HttpClient, id: string, timeoutMs = 150_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.json('GET', `/api/submissions/${id}`);
    if (['finished', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
    if (Date.now() > deadline) throw new Error(`submission ${id} still ${r.body.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
