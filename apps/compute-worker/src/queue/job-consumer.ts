import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type JobQueueType, jobQueueOptions } from '@arena/worker-protocol';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { backoffDelay } from '@worker/api-client/retry';
import type { MessageDecision } from '@worker/jobs/score-job.handler';
import type { Logger } from '@worker/logger';
import { connectAmqp } from './amqp-connect';

export interface JobConsumerOptions {
  url: string;
  queue: string;
  /** How to declare the queue where it does not exist yet (default classic); one that exists is used as it is. */
  queueType?: JobQueueType;
  /** Shown in the broker's connection list. */
  connectionName: string;
  /** Further AMQP client properties: who this worker is and what it can do. */
  clientProperties?: Record<string, unknown>;
  logger: Logger;
  handle: (msg: ConsumeMessage, signal: AbortSignal) => Promise<MessageDecision>;
  reconnect?: { baseDelayMs: number; maxDelayMs: number };
}

export interface SettledEvent {
  decision: MessageDecision;
  deliveryTag: number;
  /** False when the channel was gone: the broker will deliver the message again. */
  delivered: boolean;
  at: number;
}

interface CurrentJob {
  done: Promise<void>;
  abort: AbortController;
}

/**
 * Takes one job at a time from a queue (prefetch 1, manual ack) and settles each message only after its handler
 * returned, so a job is acked once the API stored its result. Reconnects when the broker connection drops.
 * Emits `settled` (SettledEvent) after each message.
 */
export class JobConsumer extends EventEmitter {
  private conn?: ChannelModel;
  private channel?: Channel;
  private consumerTag?: string;
  private current?: CurrentJob;
  private stopping = false;
  private reconnecting = false;
  private readonly stopped = new AbortController();

  constructor(private readonly options: JobConsumerOptions) {
    super();
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Connected and registered as a consumer of the queue (false while reconnecting or once stopped). */
  get consuming(): boolean {
    return !this.stopping && this.channel !== undefined && this.consumerTag !== undefined;
  }

  /** Connects and starts consuming; rejects with an operator-readable message if the broker cannot be used. */
  async start(): Promise<void> {
    await this.open();
  }

  /**
   * Stops taking jobs, lets the current one finish within `graceMs`, then aborts it (its handler kills the
   * container and asks for a requeue) and closes the connection; unsettled messages go back to the queue.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.stopping) {
      return;
    }
    this.stopping = true;
    this.stopped.abort();
    const { logger } = this.options;
    if (this.channel && this.consumerTag) {
      await this.channel
        .cancel(this.consumerTag)
        .catch((e: Error) => logger.debug({ err: e.message }, 'cancel failed'));
    }
    const job = this.current;
    if (job) {
      logger.info({ graceMs }, 'waiting for the current job to finish');
      if (!(await settlesWithin(job.done, graceMs))) {
        logger.warn('grace period over: stopping the current job');
        job.abort.abort(new Error('the worker is shutting down'));
        await settlesWithin(job.done, 30_000);
      }
    }
    await this.conn?.close().catch((e: Error) => logger.debug({ err: e.message }, 'close failed'));
    this.conn = undefined;
    this.channel = undefined;
  }

  private async open(): Promise<void> {
    const { url, queue, logger } = this.options;
    const conn = await connectAmqp(url, this.options.connectionName, this.options.clientProperties);
    try {
      conn.on('error', (e: Error) => logger.warn({ err: e.message }, 'broker connection error'));
      conn.on('close', () => this.lost(conn, 'connection closed'));
      const channel = await conn.createChannel();
      channel.on('error', (e: Error) => logger.warn({ err: e.message }, 'broker channel error'));
      channel.on('close', () => this.lost(conn, 'channel closed'));
      await declareQueue(conn, channel, queue, this.options.queueType ?? 'classic');
      await channel.prefetch(1);
      this.conn = conn;
      this.channel = channel;
      if (this.stopping) {
        throw new Error('stopping');
      }
      const { consumerTag } = await channel.consume(queue, (msg) => this.onMessage(conn, channel, msg), {
        noAck: false,
      });
      this.consumerTag = consumerTag;
      logger.info({ queue }, 'consuming jobs');
    } catch (e) {
      this.conn = undefined;
      await conn.close().catch(() => undefined);
      throw e;
    }
  }

  private onMessage(conn: ChannelModel, channel: Channel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled us (e.g. the queue was deleted): start over, which declares the queue again.
      this.lost(conn, 'consumer cancelled by the broker');
      return;
    }
    if (this.stopping || this.current) {
      channel.nack(msg, false, true);
      return;
    }
    const abort = new AbortController();
    const done = this.process(channel, msg, abort.signal).finally(() => {
      this.current = undefined;
    });
    this.current = { done, abort };
  }

  private async process(channel: Channel, msg: ConsumeMessage, signal: AbortSignal): Promise<void> {
    const { logger } = this.options;
    let decision: MessageDecision;
    try {
      decision = await this.options.handle(msg, signal);
    } catch (e) {
      logger.error({ err: e }, 'job handler crashed');
      decision = 'requeue';
    }
    let delivered = true;
    try {
      if (decision === 'ack') {
        channel.ack(msg);
      } else {
        channel.nack(msg, false, decision === 'requeue');
      }
    } catch (e) {
      delivered = false;
      logger.warn(
        { err: (e as Error).message, decision },
        'could not settle the message; the broker will redeliver it',
      );
    }
    const event: SettledEvent = { decision, deliveryTag: msg.fields.deliveryTag, delivered, at: Date.now() };
    this.emit('settled', event);
  }

  private lost(conn: ChannelModel, why: string): void {
    if (this.stopping || conn !== this.conn) {
      return;
    }
    this.options.logger.warn({ why }, 'lost the broker; will reconnect');
    this.conn = undefined;
    this.channel = undefined;
    this.consumerTag = undefined;
    conn.close().catch(() => undefined);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    if (this.reconnecting) {
      return;
    }
    this.reconnecting = true;
    const { logger } = this.options;
    const backoff = this.options.reconnect ?? { baseDelayMs: 1000, maxDelayMs: 30_000 };
    try {
      // A job in progress keeps running; its message comes back from the broker, so take no new one before it ends.
      await this.current?.done;
      for (let attempt = 1; !this.stopping; attempt++) {
        try {
          await this.open();
          logger.info({ attempt }, 'reconnected to the broker');
          return;
        } catch (e) {
          const delayMs = backoffDelay(attempt, backoff);
          logger.warn({ err: (e as Error).message, attempt, delayMs }, 'reconnect failed');
          await sleep(delayMs, undefined, { signal: this.stopped.signal }).catch(() => undefined);
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      sleep(ms, false, { signal: timer.signal }),
    ]);
  } finally {
    timer.abort();
  }
}

/**
 * Uses the queue as it exists (classic or quorum: RabbitMQ refuses a declaration with other arguments, and the API or
 * an organizer queue declared it first), else declares it with `type`. The look is on a channel of its own, since a
 * missing queue closes the channel that asked.
 */
async function declareQueue(conn: ChannelModel, channel: Channel, queue: string, type: JobQueueType): Promise<void> {
  const probe = await conn.createChannel();
  probe.on('error', () => undefined);
  const exists = await probe.checkQueue(queue).then(
    () => true,
    () => false,
  );
  if (exists) {
    await probe.close().catch(() => undefined);
    return;
  }
  await channel.assertQueue(queue, jobQueueOptions(type));
}
