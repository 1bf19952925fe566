import { Writable } from 'node:stream';

const TAIL_BYTES = 4096;

/**
 * Keeps the first `maxBytes` of a container stream and the last few KiB (for failure messages); everything in
 * between is counted and dropped, so a program printing gigabytes costs no memory or disk.
 */
export class LogCapture extends Writable {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail = Buffer.alloc(0);
  total = 0;

  constructor(
    readonly stream: 'stdout' | 'stderr',
    private readonly maxBytes: number,
    /** Sees every chunk as it comes (live logs); it applies its own cap. */
    private readonly onChunk?: (chunk: Buffer) => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.add(chunk);
    cb();
  }

  add(chunk: Buffer): void {
    this.onChunk?.(chunk);
    this.total += chunk.length;
    const room = this.maxBytes - this.headBytes;
    if (room > 0) {
      // Copy the kept part: a slice would pin the whole incoming chunk in memory.
      const kept = Buffer.from(chunk.subarray(0, room));
      this.head.push(kept);
      this.headBytes += kept.length;
    }
    this.tail =
      chunk.length >= TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES))
        : Buffer.concat([this.tail.subarray(Math.max(0, this.tail.length + chunk.length - TAIL_BYTES)), chunk]);
  }

  get truncated(): boolean {
    return this.total > this.maxBytes;
  }

  /** The kept text, with a marker line when the program wrote more than the cap. */
  content(): Buffer {
    const head = Buffer.concat(this.head);
    if (!this.truncated) {
      return head;
    }
    const sep = head.length > 0 && head[head.length - 1] !== 0x0a ? '\n' : '';
    const marker = `[arena: ${this.stream} truncated after ${this.maxBytes} bytes; ${this.total} bytes written]`;
    return Buffer.concat([head, Buffer.from(`${sep}${marker}\n`)]);
  }

  /** The last `maxLines` lines of the stream (at most 4 KiB), for a failure message. */
  lastLines(maxLines: number): string {
    const lines = this.tail.toString('utf8').replace(/\s+$/, '').split('\n');
    // The first line may be cut in the middle when the tail filled up.
    if (this.total > this.tail.length && lines.length > 1) {
      lines.shift();
    }
    return lines.slice(-maxLines).join('\n');
  }
}
