import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import * as amqp from 'amqplib';
import { JOB_PRIORITY, JOB_QUEUE_OPTIONS } from '@arena/worker-protocol';
import { ApiConfig } from '@api/config/api-config';

interface VhostChannel {
  connection: amqp.ChannelModel | null;
  channel: Promise<amqp.ConfirmChannel>;
  declared: Set<string>;
}

/**
 * Publishes jobs as persistent messages on durable queues and waits for the broker's confirm, so a job the API
 * calls published survives a broker restart. One connection per vhost (the default one, and each organizer queue's),
 * opened lazily and reopened after a loss.
 */
@Injectable()
export class JobPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(JobPublisher.name);
  private readonly byVhost = new Map<string, VhostChannel>();

  constructor(private readonly config: ApiConfig) {}

  /** `vhost` null means the vhost of AMQP_URL (the platform's default queue). */
  async publish(vhost: string | null, queue: string, messageId: string, body: Buffer): Promise<void> {
    const entry = this.entry(vhost);
    const ch = await entry.channel;
    if (!entry.declared.has(queue)) {
      await ch.assertQueue(queue, JOB_QUEUE_OPTIONS);
      entry.declared.add(queue);
    }
    ch.sendToQueue(queue, body, {
      persistent: true,
      messageId,
      contentType: 'application/json',
      priority: JOB_PRIORITY.scoring,
    });
    await ch.waitForConfirms();
  }

  /** Messages waiting in the queue (not yet delivered to a worker), as the broker counts them right now. */
  async readyCount(vhost: string | null, queue: string): Promise<number> {
    const entry = this.entry(vhost);
    const ch = await entry.channel;
    const { messageCount } = await ch.assertQueue(queue, JOB_QUEUE_OPTIONS);
    entry.declared.add(queue);
    return messageCount;
  }

  private entry(vhost: string | null): VhostChannel {
    const key = vhost ?? '';
    let entry = this.byVhost.get(key);
    if (!entry) {
      const created: VhostChannel = { connection: null, declared: new Set(), channel: Promise.resolve(null as never) };
      created.channel = this.open(vhost, created).catch((e: unknown) => {
        this.byVhost.delete(key);
        throw e;
      });
      this.byVhost.set(key, created);
      entry = created;
    }
    return entry;
  }

  private async open(vhost: string | null, entry: VhostChannel): Promise<amqp.ConfirmChannel> {
    const url = new URL(this.config.amqpUrl);
    if (vhost !== null) {
      url.pathname = `/${encodeURIComponent(vhost)}`;
    }
    const conn = await amqp.connect(url.toString(), { timeout: 5000 });
    const key = vhost ?? '';
    const reset = (why: string) => {
      if (this.byVhost.get(key) === entry) {
        this.logger.warn(
          `broker connection${vhost ? ` to vhost ${vhost}` : ''} lost (${why}); reopened on the next publish`,
        );
        this.byVhost.delete(key);
      }
    };
    conn.on('error', (e: Error) => reset(e.message));
    conn.on('close', () => reset('closed'));
    entry.connection = conn;
    const ch = await conn.createConfirmChannel();
    ch.on('error', (e: Error) => reset(`channel: ${e.message}`));
    return ch;
  }

  /** Drops the connection to a vhost about to be deleted. */
  async forget(vhost: string): Promise<void> {
    const entry = this.byVhost.get(vhost);
    this.byVhost.delete(vhost);
    await entry?.connection?.close().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    const entries = [...this.byVhost.values()];
    this.byVhost.clear();
    await Promise.all(entries.map((e) => e.connection?.close().catch(() => undefined)));
  }
}
