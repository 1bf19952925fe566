import { jsonLogOptions } from '@arena/observability';
import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout, in the format the API writes with LOG_FORMAT=json; job code adds `runId` through child loggers. */
export function createLogger(level: string, name = 'compute-worker'): Logger {
  return pino(jsonLogOptions(name, level as Parameters<typeof jsonLogOptions>[1]));
}
