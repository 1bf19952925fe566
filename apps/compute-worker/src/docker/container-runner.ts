import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from '@worker/logger';
import { buildCreateOptions, type ContainerSpec } from './container-spec';
import { LogCapture } from './log-capture';

export interface ContainerRunOptions {
  timeLimitSec: number;
  logMaxBytes: number;
  /** Every chunk of output as the program writes it (live logs). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  hostPath: (p: string) => string;
  logger: Logger;
  /** Aborting kills the container and rejects with the signal's reason (used on worker shutdown). */
  signal?: AbortSignal;
  /** Polled while the program runs; a returned reason kills the container (e.g. output over its cap). */
  watchdog?: { intervalMs: number; check: () => Promise<string | null> };
}

export interface ContainerRunOutcome {
  exitCode: number | null;
  oomKilled: boolean;
  timedOut: boolean;
  /** Why the watchdog killed the container, if it did. */
  killedBecause: string | null;
  elapsedMs: number;
  stdout: LogCapture;
  stderr: LogCapture;
}

type Stop =
  { kind: 'exit'; code: number } | { kind: 'timeout' } | { kind: 'abort' } | { kind: 'watchdog'; reason: string };

/** Runs one container to its end under a wall-clock deadline; the container is always removed. */
export async function runContainer(
  docker: Docker,
  spec: ContainerSpec,
  options: ContainerRunOptions,
): Promise<ContainerRunOutcome> {
  const { logger } = options;
  const stdout = new LogCapture(
    'stdout',
    options.logMaxBytes,
    options.onOutput && ((c) => options.onOutput!('stdout', c)),
  );
  const stderr = new LogCapture(
    'stderr',
    options.logMaxBytes,
    options.onOutput && ((c) => options.onOutput!('stderr', c)),
  );
  options.signal?.throwIfAborted();
  const container = await docker.createContainer(buildCreateOptions(spec, options.hostPath));
  const cleanups: (() => void)[] = [];
  try {
    // Attach before start, so not a byte of early output is missed.
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
    cleanups.push(() => stream.destroy());
    const drained = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    docker.modem.demuxStream(stream, stdout, stderr);

    const started = Date.now();
    await container.start().catch((e: unknown) => {
      throw isGpuStartError(e) ? new GpuUnavailableError(e) : e;
    });
    // Only after start: waiting on a created container ("not-running") would return at once.
    const waited = container.wait() as Promise<{ StatusCode: number }>;
    const stop = await new Promise<Stop>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'timeout' }), options.timeLimitSec * 1000);
      cleanups.push(() => clearTimeout(timer));
      waited.then(
        (r) => resolve({ kind: 'exit', code: r.StatusCode }),
        (e) => {
          logger.warn({ err: (e as Error).message }, 'waiting for the container failed');
          resolve({ kind: 'exit', code: -1 });
        },
      );
      const onAbort = () => resolve({ kind: 'abort' });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
      if (options.watchdog) {
        cleanups.push(startWatchdog(options.watchdog, (reason) => resolve({ kind: 'watchdog', reason }), logger));
      }
    });

    if (stop.kind !== 'exit') {
      await container.kill().catch((e: Error) => logger.debug({ err: e.message }, 'kill failed (already gone?)'));
      await Promise.race([waited.catch(() => null), delay(10_000)]);
    }
    const elapsedMs = Date.now() - started;
    if (stop.kind === 'abort') {
      throw options.signal?.reason ?? new Error('aborted');
    }
    // The attach stream ends once the engine flushed the last output; do not wait on it forever.
    await Promise.race([drained, delay(5_000)]);
    const state = (await container.inspect()).State;
    return {
      // A program the worker killed has no exit code of its own.
      exitCode: stop.kind === 'exit' ? (state.ExitCode ?? stop.code) : null,
      oomKilled: state.OOMKilled === true,
      timedOut: stop.kind === 'timeout',
      killedBecause: stop.kind === 'watchdog' ? stop.reason : null,
      elapsedMs,
      stdout,
      stderr,
    };
  } finally {
    for (const cleanup of cleanups) {
      cleanup();
    }
    await container
      .remove({ force: true })
      .catch((e: Error) => logger.warn({ err: e.message }, 'removing the container failed'));
  }
}

/** The engine could not hand GPUs to the container (no NVIDIA runtime, or no such device). */
export class GpuUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `this worker is configured with GPUs (WORKER_GPUS) but Docker could not give them to the container: ${errorText(cause)}; ` +
        'install the NVIDIA Container Toolkit on the worker host, or unset WORKER_GPUS',
    );
    this.name = 'GpuUnavailableError';
  }
}

function isGpuStartError(e: unknown): boolean {
  return /could not select device driver|nvidia|unknown or invalid runtime|gpu/i.test(errorText(e));
}

function errorText(e: unknown): string {
  const err = e as { json?: { message?: string }; message?: string };
  return (err.json?.message ?? err.message ?? String(e)).trim();
}

function startWatchdog(
  watchdog: NonNullable<ContainerRunOptions['watchdog']>,
  trip: (reason: string) => void,
  logger: Logger,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) {
      return;
    }
    busy = true;
    watchdog
      .check()
      .then((reason) => reason && trip(reason))
      .catch((e: Error) => logger.debug({ err: e.message }, 'watchdog check failed'))
      .finally(() => (busy = false));
  }, watchdog.intervalMs);
  return () => clearInterval(timer);
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}
