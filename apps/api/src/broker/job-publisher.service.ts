import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import * as amqp from 'amqplib';
import { JOB_PRIORITY, jobQueueOptions } from '@arena/worker-protocol';
import { ApiConfig } from '@api/config/api-config';
import { JobQueueTypeService } from './job-queue-type.service';

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

  constructor(
    private readonly config: ApiConfig,
    private readonly queueType: JobQueueTypeService,
  ) {}

  /** `vhost` null means the vhost of AMQP_URL (the platform's default queue). */
  async publish(vhost: string | null, queue: string, messageId: string, body: Buffer): Promise<void> {
    const entry = this.entry(vhost);
    const ch = await entry.channel;
    await this.declare(entry, ch, queue);
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
    await this.declare(entry, ch, queue);
    const { messageCount } = await ch.checkQueue(queue);
    return messageCount;
  }

  /**
   * A queue that exists is used as it is, whatever its type (a classic queue from before QUEUE_TYPE, one an operator
   * made): RabbitMQ refuses to declare it again with other arguments. A missing one (never made, or gone with a
   * broker node's disk) is declared with QUEUE_TYPE's arguments. The look is on a channel of its own, since a missing
   * queue closes the channel that asked.
   */
  private async declare(entry: VhostChannel, ch: amqp.ConfirmChannel, queue: string): Promise<void> {
    if (entry.declared.has(queue)) {
      return;
    }
    const probe = await entry.connection!.createChannel();
    probe.on('error', () => undefined);
    const exists = await probe.checkQueue(queue).then(
      () => true,
      () => false,
    );
    if (exists) {
      await probe.close().catch(() => undefined);
    } else {
      await ch.assertQueue(queue, jobQueueOptions(await this.queueType.type()));
    }
    entry.declared.add(queue);
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
