import { TEST_ENV } from './test-env';

/** Counters the broker keeps for a queue: proof that a message went through RabbitMQ and was acknowledged. */
export async function queueStats(queue: string): Promise<{ published: number; acked: number; messages: number }> {
  const u = new URL(TEST_ENV.rabbitMgmtUrl);
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  const res = await fetch(`${u.origin}/api/queues/%2F/${encodeURIComponent(queue)}`, {
    headers: { authorization: `Basic ${auth}` },
  });
  if (!res.ok) {
    throw new Error(`management API: ${res.status}`);
  }
  const q = (await res.json()) as { messages?: number; message_stats?: { publish?: number; ack?: number } };
  return { published: q.message_stats?.publish ?? 0, acked: q.message_stats?.ack ?? 0, messages: q.messages ?? 0 };
}

export async function deleteQueue(queue: string): Promise<void> {
  const u = new URL(TEST_ENV.rabbitMgmtUrl);
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  await fetch(`${u.origin}/api/queues/%2F/${encodeURIComponent(queue)}`, {
    method: 'DELETE',
    headers: { authorization: `Basic ${auth}` },
  });
}

/** The management API samples statistics (every 5 s by default): wait until they show what happened. */
export async function waitForQueueStats(
  queue: string,
  ok: (s: { published: number; acked: number; messages: number }) => boolean,
  timeoutMs = 20_000,
): Promise<{ published: number; acked: number; messages: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await queueStats(queue);
    if (ok(stats) || Date.now() > deadline) {
      return stats;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
