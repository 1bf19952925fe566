import type { LoggerService, LogLevel } from '@nestjs/common';
import { jsonLogOptions, type JsonLogLevel } from '@arena/observability';
import pino, { type DestinationStream, type Logger } from 'pino';

const PINO_LEVEL: Record<LogLevel, JsonLogLevel> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's logger writing the worker's JSON lines (LOG_FORMAT=json): the same pino settings (libs/observability), with
 * Nest's context (the class that logged) as `context`. Nest passes the context last and, for errors, the stack before it.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  /** `destination`: stdout unless a test reads the lines. */
  constructor(level: LogLevel, destination?: DestinationStream) {
    this.pino = destination
      ? pino(jsonLogOptions('api', PINO_LEVEL[level]), destination)
      : pino(jsonLogOptions('api', PINO_LEVEL[level]));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  private write(level: Exclude<JsonLogLevel, 'silent'>, message: unknown, params: unknown[], withStack = false): void {
    if (!this.pino.isLevelEnabled(level)) {
      return;
    }
    // Nest passes `undefined` for a stack it does not have.
    const rest = params.filter((p) => p !== undefined);
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest.at(-1) === 'string') {
      fields.context = rest.pop();
    }
    if (withStack && rest.length > 0 && typeof rest.at(-1) === 'string') {
      fields.stack = rest.pop();
    }
    if (rest.length > 0) {
      fields.details = rest;
    }
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
