import { SingleBar } from 'cli-progress';
import type { CliIo } from '../cli-io';

/** How an upload reports itself: a bar on a terminal, a few plain lines in a log or a pipe. */
export interface UploadProgress {
  start(label: string, totalBytes: number, doneBytes: number): void;
  update(doneBytes: number): void;
  stop(): void;
}

export function createProgress(io: CliIo): UploadProgress {
  return io.errIsTty ? new BarProgress() : new LineProgress(io);
}

class BarProgress implements UploadProgress {
  private bar?: SingleBar;

  start(label: string, totalBytes: number, doneBytes: number): void {
    this.bar = new SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {done}/{all} | ETA {eta_formatted}`,
      // A Ctrl-C (the way to pause an upload) would otherwise leave the terminal without a cursor.
      hideCursor: false,
      clearOnComplete: false,
    });
    this.bar.start(totalBytes, doneBytes, { done: formatBytes(doneBytes), all: formatBytes(totalBytes) });
  }

  update(doneBytes: number): void {
    this.bar?.update(doneBytes, { done: formatBytes(doneBytes) });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** One line per 10% step, so CI logs show the upload moving without a line per part. */
class LineProgress implements UploadProgress {
  private label = '';
  private total = 0;
  private lastStep = -1;

  constructor(private readonly io: CliIo) {}

  start(label: string, totalBytes: number, doneBytes: number): void {
    this.label = label;
    this.total = totalBytes;
    this.lastStep = -1;
    this.update(doneBytes);
  }

  update(doneBytes: number): void {
    const percent = this.total ? Math.floor((doneBytes / this.total) * 100) : 100;
    const step = Math.floor(percent / 10);
    if (step === this.lastStep) {
      return;
    }
    this.lastStep = step;
    this.io.err(`${this.label}: ${percent}% (${formatBytes(doneBytes)} of ${formatBytes(this.total)})`);
  }

  stop(): void {
    this.lastStep = -1;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
