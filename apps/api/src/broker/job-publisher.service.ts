import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import * as amqp from 'amqplib';
import { JOB_PRIORITY, JOB_QUEUE_OPTIONS } from '@arena/worker-protocol';
import { ApiConfig } from '@api/config/api-config';

/**
 * Publishes jobs as persistent messages on durable queues and waits for the broker's confirm, so a job
 * the API calls published survives a broker restart. The connection is opened lazily and reopened after a loss.
 */
@Injectable()
export class JobPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(JobPublisher.name);
  private channel: Promise<amqp.ConfirmChannel> | null = null;
  private connection: amqp.ChannelModel | null = null;
  private readonly declared = new Set<string>();

  constructor(private readonly config: ApiConfig) {}

  async publish(queue: string, messageId: string, body: Buffer): Promise<void> {
    const ch = await this.getChannel();
    if (!this.declared.has(queue)) {
      await ch.assertQueue(queue, JOB_QUEUE_OPTIONS);
      this.declared.add(queue);
    }
    ch.sendToQueue(queue, body, {
      persistent: true,
      messageId,
      contentType: 'application/json',
      priority: JOB_PRIORITY.scoring,
    });
    await ch.waitForConfirms();
  }

  private getChannel(): Promise<amqp.ConfirmChannel> {
    if (!this.channel) {
      this.channel = this.open().catch((e: unknown) => {
        this.channel = null;
        throw e;
      });
    }
    return this.channel;
  }

  private async open(): Promise<amqp.ConfirmChannel> {
    const conn = await amqp.connect(this.config.amqpUrl, { timeout: 5000 });
    const reset = (why: string) => {
      if (this.connection === conn) {
        this.logger.warn(`broker connection lost (${why}); it will be reopened on the next publish`);
        this.connection = null;
        this.channel = null;
        this.declared.clear();
      }
    };
    conn.on('error', (e: Error) => reset(e.message));
    conn.on('close', () => reset('closed'));
    this.connection = conn;
    const ch = await conn.createConfirmChannel();
    ch.on('error', (e: Error) => reset(`channel: ${e.message}`));
    return ch;
  }

  async onModuleDestroy(): Promise<void> {
    const conn = this.connection;
    this.connection = null;
    this.channel = null;
    await conn?.close().catch(() => undefined);
  }
}
