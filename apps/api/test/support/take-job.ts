import * as amqp from 'amqplib';
import { JOB_QUEUE_OPTIONS, parseScoreJob, type ScoreJob } from '@arena/worker-protocol';
import { TEST_ENV } from './test-env';

/** Takes the next job off a real queue, as a worker would, and acks it. */
export async function takeJob(queue: string, timeoutMs = 10_000): Promise<ScoreJob> {
  const conn = await amqp.connect(TEST_ENV.amqpUrl);
  try {
    const ch = await conn.createChannel();
    await ch.assertQueue(queue, JOB_QUEUE_OPTIONS);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const msg = await ch.get(queue, { noAck: false });
      if (msg) {
        ch.ack(msg);
        // Channel close is a round trip after the ack, so the broker has the ack before the connection goes.
        await ch.close();
        return parseScoreJob(msg.content);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no job on ${queue} within ${timeoutMs} ms`);
  } finally {
    await conn.close();
  }
}
