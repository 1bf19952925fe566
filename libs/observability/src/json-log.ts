import pino, { type LoggerOptions } from 'pino';

export type JsonLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The one JSON line format of the API (LOG_FORMAT=json) and the worker: `level` as a word, `time` in ISO 8601 UTC,
 * `pid`, `name` (the program), `msg`, then the fields of the call (`context` for the API's Nest logs, `runId` for the
 * worker's jobs). Words and ISO times rather than pino's numbers and epoch milliseconds: log collectors (Loki, Elastic,
 * CloudWatch, `kubectl logs | jq`) read them without a mapping, and both programs' lines filter with the same query.
 */
export function jsonLogOptions(name: string, level: JsonLogLevel): LoggerOptions {
  return {
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}
