import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; job code adds `runId` through child loggers. */
export function createLogger(level: string, name = 'compute-worker'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
