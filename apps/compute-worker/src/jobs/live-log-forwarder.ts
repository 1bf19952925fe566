import type { LogStream } from '@arena/worker-protocol';
import type { RunApiClient } from '@worker/api-client/api-client';
import type { Logger } from '@worker/logger';

/**
 * At most one send per stream this often: output is sent as it comes, in small batches, at a bounded rate (20 a
 * second per run and stream). A line printed right after a send waits this long at most: half of what a follower
 * may wait for it (under 500 ms at p95), where 100 ms cost a fifth of it on a loaded host.
 */
const MIN_INTERVAL_MS = 50;
/** After a failed send, the next try waits this long. */
const RETRY_MS = 1000;
const MAX_CHUNK = 64 * 1024;

/**
 * Sends a run's output to the API while the program runs, so the submitter can follow it: what the program writes
 * is sent within MIN_INTERVAL_MS, batched with whatever else it wrote meanwhile (a program that prints nothing costs
 * nothing). Best effort: the stored logs uploaded at the end remain the record; a failed send is retried, and the
 * API's length tells where to resume, so nothing is sent twice. Bounded by the same cap as the stored logs.
 */
export class LiveLogForwarder {
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly sent: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private readonly queued: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private lastFlush = 0;
  private stopped = false;

  constructor(
    private readonly api: RunApiClient,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  /** Nothing to start: sends are scheduled by the output itself. Kept so that a run reads start ... stop. */
  start(): void {
    this.stopped = false;
  }

  push(stream: LogStream, chunk: Buffer): void {
    const room = this.maxBytes - this.queued[stream];
    if (room <= 0) {
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.pending[stream].push(Buffer.from(kept));
    this.queued[stream] += kept.length;
    this.schedule(Math.max(0, this.lastFlush + MIN_INTERVAL_MS - Date.now()));
  }

  /** Sends what is pending; called when output waited its turn, and once more when the program ended. */
  flush(): Promise<void> {
    this.lastFlush = Date.now();
    this.flushing = this.flushing.then(() => this.send('stdout')).then(() => this.send('stderr'));
    return this.flushing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = null;
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().then(() => {
        // What failed to send, or was refused for a moment, is tried again; new output has scheduled itself.
        if (this.pending.stdout.length + this.pending.stderr.length > 0) {
          this.schedule(RETRY_MS);
        }
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Sends what was pending when called (output written meanwhile waits for its own turn: the rate stays bounded). */
  private async send(stream: LogStream): Promise<void> {
    if (this.pending[stream].length === 0) {
      return;
    }
    const all = Buffer.concat(this.pending[stream]);
    this.pending[stream] = [];
    let done = 0;
    while (done < all.length) {
      const before = this.sent[stream];
      let length: number;
      try {
        ({ length } = await this.api.appendLog(stream, before, all.subarray(done, done + MAX_CHUNK)));
      } catch (e) {
        this.logger.debug({ err: (e as Error).message, stream }, 'live log chunk not sent; retrying');
        this.pending[stream] = [Buffer.from(all.subarray(done)), ...this.pending[stream]];
        return;
      }
      if (length <= before) {
        // Refused (the API's cap, or the run ended): the stored log uploaded at the end remains the record.
        this.pending[stream] = [];
        return;
      }
      // The API holds `length` bytes: what we just sent, or more if an earlier retry had landed.
      const accepted = Math.min(length - before, all.length - done);
      this.sent[stream] = before + accepted;
      done += accepted;
    }
  }
}
