import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  PROTOCOL_VERSION,
  workerRoutes,
  type LogStream,
  type RunFileName,
  type RunResult,
  type RunStart,
} from '@arena/worker-protocol';
import type { Logger } from '@worker/logger';
import { ApiRejectedError, ApiUnavailableError, RetryableError } from './api.errors';
import { IdleTimeout } from './idle-timeout';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry';

export interface ApiClientOptions {
  baseUrl: string;
  /** Per call for small requests; for streamed bodies, the longest pause without a byte moving. */
  timeoutMs: number;
  retry?: RetryOptions;
  logger: Logger;
  /** Reported with every start and heartbeat, so queue owners see the GPUs of the worker running a job. */
  workerGpus?: string[];
}

interface CallOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Called once per attempt, so a streamed body starts afresh each time. */
  body?: (touch: () => void) => { body: string | Buffer | Readable; length?: number };
  /** Reads the response body within the same attempt (a failed read is retried like a failed request). */
  read?: (res: Response, touch: () => void) => Promise<void>;
  /** A 304 answers a conditional request: handled by `read` like a success. */
  notModifiedOk?: boolean;
  signal?: AbortSignal;
}

const LOCAL_FS_ERRORS = ['ENOSPC', 'EDQUOT', 'EACCES', 'EROFS', 'EMFILE'];

/** Typed calls to the API's worker routes for one run, authorized with that run's token. */
export class RunApiClient {
  constructor(
    private readonly options: ApiClientOptions,
    private readonly runId: string,
    private readonly token: string,
  ) {}

  /** 'ended' when the API says the run already ended (409): the job is a stale redelivery. */
  async start(workerName: string, signal?: AbortSignal): Promise<'started' | 'ended'> {
    const body: RunStart = { version: PROTOCOL_VERSION, workerName, gpus: this.options.workerGpus ?? [] };
    try {
      await this.call('start run', { method: 'POST', path: workerRoutes.start(this.runId), ...json(body), signal });
      return 'started';
    } catch (e) {
      if (e instanceof ApiRejectedError && e.status === 409) {
        return 'ended';
      }
      throw e;
    }
  }

  /**
   * Renews the run's lease. 'lost' when the API took the run back (409: lease expired and re-dispatched, or the run
   * ended; 401: the token was replaced by the re-dispatch). An unreachable API is not a loss: the caller tries again
   * at the next beat, well within the lease.
   */
  async heartbeat(workerName: string, signal?: AbortSignal): Promise<'renewed' | 'lost'> {
    const body: RunStart = { version: PROTOCOL_VERSION, workerName, gpus: this.options.workerGpus ?? [] };
    try {
      await this.call('heartbeat', { method: 'POST', path: workerRoutes.heartbeat(this.runId), ...json(body), signal });
      return 'renewed';
    } catch (e) {
      if (e instanceof ApiRejectedError && (e.status === 409 || e.status === 401)) {
        return 'lost';
      }
      throw e;
    }
  }

  /**
   * Streams a run file to `dest` without holding it in memory. With `cachedEtag`, the API answers 304 when that copy
   * is current: nothing is written and `notModified` is true. `etag` is the file's tag (programs and data have one).
   */
  async downloadFile(
    name: RunFileName,
    dest: string,
    signal?: AbortSignal,
    cachedEtag?: string,
  ): Promise<{ etag: string | null; notModified: boolean }> {
    const outcome = { etag: null as string | null, notModified: false };
    await this.call(`download ${name}`, {
      method: 'GET',
      path: workerRoutes.file(this.runId, name),
      headers: cachedEtag ? { 'if-none-match': cachedEtag } : undefined,
      notModifiedOk: cachedEtag !== undefined,
      signal,
      read: async (res, touch) => {
        outcome.etag = res.headers.get('etag');
        if (res.status === 304) {
          outcome.notModified = true;
          return;
        }
        if (!res.body) {
          throw new RetryableError('empty response body');
        }
        await pipeline(
          Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
          touchingStream(touch),
          createWriteStream(dest, { mode: 0o600 }),
        );
      },
    });
    return outcome;
  }

  async uploadOutput(zipPath: string, signal?: AbortSignal): Promise<void> {
    const { size } = await stat(zipPath);
    await this.call('upload output', {
      method: 'PUT',
      path: workerRoutes.output(this.runId),
      headers: { 'content-type': 'application/zip' },
      body: (touch) => ({ body: Readable.from(touching(createReadStream(zipPath), touch)), length: size }),
      signal,
    });
  }

  async uploadLog(stream: LogStream, text: Buffer, signal?: AbortSignal): Promise<void> {
    await this.call(`upload ${stream}`, {
      method: 'PUT',
      path: workerRoutes.logs(this.runId, stream),
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: () => ({ body: text, length: text.length }),
      signal,
    });
  }

  /** Sends a chunk of live output starting at byte `offset`; the API's answer carries the length it holds. */
  async appendLog(
    stream: LogStream,
    offset: number,
    text: Buffer,
    signal?: AbortSignal,
  ): Promise<{ length: number; stored: boolean }> {
    const answer = { length: offset, stored: false };
    await this.call(`append ${stream}`, {
      method: 'POST',
      path: workerRoutes.logAppend(this.runId, stream),
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-log-offset': String(offset) },
      body: () => ({ body: text, length: text.length }),
      signal,
      read: async (res) => {
        Object.assign(answer, (await res.json()) as { length: number; stored: boolean });
      },
    });
    return answer;
  }

  async postResult(result: RunResult, signal?: AbortSignal): Promise<void> {
    await this.call('post result', { method: 'POST', path: workerRoutes.result(this.runId), ...json(result), signal });
  }

  private async call(name: string, opts: CallOptions): Promise<void> {
    const { logger } = this.options;
    const retry = this.options.retry ?? DEFAULT_RETRY;
    let lastAttempt = 0;
    try {
      const once = (attempt: number) => {
        lastAttempt = attempt;
        return this.attempt(name, opts);
      };
      await withRetry(once, {
        ...retry,
        signal: opts.signal,
        isRetryable: (e) => e instanceof RetryableError,
        onRetry: (e, attempt, delayMs) =>
          logger.warn({ call: name, try: attempt, delayMs, err: (e as Error).message }, 'API call failed, retrying'),
      });
    } catch (e) {
      if (opts.signal?.aborted) {
        throw opts.signal.reason;
      }
      if (e instanceof RetryableError) {
        throw new ApiUnavailableError(name, lastAttempt, e.message);
      }
      throw e;
    }
  }

  private async attempt(name: string, opts: CallOptions): Promise<void> {
    const idle = new IdleTimeout(this.options.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([idle.signal, opts.signal]) : idle.signal;
    const touch = () => idle.touch();
    const body = opts.body?.(touch);
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...opts.headers };
      if (body?.length !== undefined) {
        headers['content-length'] = String(body.length);
      }
      let res: Response;
      try {
        res = await fetch(this.options.baseUrl + opts.path, {
          method: opts.method,
          headers,
          body: body?.body,
          signal,
          // Needed for a streamed request body.
          ...(body?.body instanceof Readable ? { duplex: 'half' } : {}),
        } as RequestInit);
      } catch (e) {
        throw this.transportError(e, opts.signal, idle);
      }
      touch();
      if (res.ok || (res.status === 304 && opts.notModifiedOk)) {
        try {
          if (opts.read) {
            await opts.read(res, touch);
          } else {
            await res.arrayBuffer();
          }
        } catch (e) {
          throw this.transportError(e, opts.signal, idle);
        }
        return;
      }
      const message = await readErrorMessage(res);
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        throw new RetryableError(`HTTP ${res.status}${message ? `: ${message}` : ''}`);
      }
      throw new ApiRejectedError(name, res.status, message);
    } finally {
      idle.clear();
      // A request that failed early leaves its file stream open.
      if (body?.body instanceof Readable) {
        body.body.destroy();
      }
    }
  }

  private transportError(e: unknown, outer: AbortSignal | undefined, idle: IdleTimeout): unknown {
    if (outer?.aborted) {
      return outer.reason;
    }
    // The local disk failing is no reason to ask the API again.
    if (LOCAL_FS_ERRORS.includes((e as NodeJS.ErrnoException).code ?? '')) {
      return e;
    }
    if (idle.fired) {
      return new RetryableError(`no response for ${this.options.timeoutMs} ms`);
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return new RetryableError(cause?.code ?? cause?.message ?? (e as Error).message);
  }
}

/** Creates per-run clients that share the base URL, timeouts and retry policy. */
export class ApiClient {
  constructor(readonly options: ApiClientOptions) {}

  forRun(runId: string, token: string, logger: Logger = this.options.logger): RunApiClient {
    return new RunApiClient({ ...this.options, logger }, runId, token);
  }
}

function json(body: unknown): Pick<CallOptions, 'headers' | 'body'> {
  const text = JSON.stringify(body);
  return {
    headers: { 'content-type': 'application/json' },
    body: () => ({ body: text, length: Buffer.byteLength(text) }),
  };
}

function touchingStream(touch: () => void): Transform {
  return new Transform({
    transform(chunk, _enc, cb) {
      touch();
      cb(null, chunk);
    },
  });
}

/** Destroying the Readable made from this generator also closes `src`, as the loop ends early. */
async function* touching(src: Readable, touch: () => void): AsyncGenerator<Buffer> {
  for await (const chunk of src) {
    touch();
    yield chunk as Buffer;
  }
}

/** The API's own words (Nest answers `{ message }`, sometimes a list), capped so a huge page cannot flood the logs. */
async function readErrorMessage(res: Response): Promise<string> {
  let text = '';
  try {
    text = (await res.text()).slice(0, 2000);
  } catch {
    return '';
  }
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (Array.isArray(parsed.message)) {
      return parsed.message.join('; ').slice(0, 500);
    }
    if (typeof parsed.message === 'string') {
      return parsed.message.slice(0, 500);
    }
  } catch {
    // Not JSON: use the text as it is.
  }
  return text.trim().slice(0, 500);
}
