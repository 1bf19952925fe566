import { copyFile } from 'node:fs/promises';
import type { LogStream, RunFileName, RunResult } from '@arena/worker-protocol';
import { RunApiClient } from '@worker/api-client/api-client';
import type { Logger } from '@worker/logger';

/**
 * The worker's run API answered on this machine: files come from the bundle and the submission (zipped beforehand),
 * live output goes to the terminal as it comes, and the logs and the result are kept for the report. runScoreJob
 * drives it exactly as it drives the API on a worker.
 */
export class LocalRunApi extends RunApiClient {
  result: RunResult | null = null;
  readonly logs: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  outputZip: string | null = null;

  constructor(
    private readonly files: Partial<Record<RunFileName, string>>,
    private readonly onOutput: (stream: LogStream, text: Buffer) => void,
    private readonly keepOutput: string | null,
    logger: Logger,
  ) {
    super({ baseUrl: 'http://bundle-test.invalid', timeoutMs: 1000, logger }, 'local', 'local'.repeat(8));
  }

  override async start(): Promise<'started' | 'ended'> {
    return 'started';
  }

  override async heartbeat(): Promise<'renewed' | 'lost'> {
    return 'renewed';
  }

  override async downloadFile(name: RunFileName, dest: string): Promise<{ etag: string | null; notModified: boolean }> {
    const zip = this.files[name];
    if (!zip) {
      throw new Error(`the run asked for ${name}, which this bundle does not have`);
    }
    await copyFile(zip, dest);
    return { etag: null, notModified: false };
  }

  override async uploadOutput(zipPath: string): Promise<void> {
    if (!this.keepOutput) {
      return;
    }
    await copyFile(zipPath, this.keepOutput);
    this.outputZip = this.keepOutput;
  }

  override async uploadLog(stream: LogStream, text: Buffer): Promise<void> {
    this.logs[stream] = text;
  }

  override async appendLog(
    stream: LogStream,
    offset: number,
    text: Buffer,
  ): Promise<{ length: number; stored: boolean }> {
    this.onOutput(stream, text);
    return { length: offset + text.length, stored: true };
  }

  override async postResult(result: RunResult): Promise<void> {
    this.result = result;
  }
}
