import type { LogStream } from '@arena/worker-protocol';
import type { RunApiClient } from '@worker/api-client/api-client';
import type { Logger } from '@worker/logger';

const FLUSH_MS = 1000;
const MAX_CHUNK = 64 * 1024;

/**
 * Sends a run's output to the API while the program runs, so the submitter can follow it. Best effort: the stored
 * logs uploaded at the end remain the record; a failed send is retried with the next flush, and the API's length
 * tells where to resume, so nothing is sent twice. Bounded by the same cap as the stored logs.
 */
export class LiveLogForwarder {
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly sent: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private readonly queued: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: RunApiClient,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  push(stream: LogStream, chunk: Buffer): void {
    const room = this.maxBytes - this.queued[stream];
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.pending[stream].push(Buffer.from(kept));
    this.queued[stream] += kept.length;
  }

  /** Sends what is pending; called by the timer and once more when the program ended. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.send('stdout')).then(() => this.send('stderr'));
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private async send(stream: LogStream): Promise<void> {
    while (this.pending[stream].length > 0) {
      const all = Buffer.concat(this.pending[stream]);
      const before = this.sent[stream];
      let length: number;
      try {
        ({ length } = await this.api.appendLog(stream, before, all.subarray(0, MAX_CHUNK)));
      } catch (e) {
        this.logger.debug({ err: (e as Error).message, stream }, 'live log chunk not sent; retrying at the next flush');
        return;
      }
      if (length <= before) {
        // Refused (the API's cap, or the run ended): the stored log uploaded at the end remains the record.
        this.pending[stream] = [];
        return;
      }
      // The API holds `length` bytes: what we just sent, or more if an earlier retry had landed.
      const accepted = Math.min(length - before, all.length);
      this.sent[stream] = before + accepted;
      this.pending[stream] = accepted < all.length ? [Buffer.from(all.subarray(accepted))] : [];
    }
  }
}
