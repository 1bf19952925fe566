import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { ApiConfig } from '@api/config/api-config';
import { DomainError, ERROR_STATUS } from './domain.error';
import { withoutUploadPaths } from './upload';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/** The one place where errors become HTTP responses; anything unknown is logged and becomes a bare 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly config: ApiConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.scrubbed(this.toBody(exception));
    // Bytes already went out (a streamed download failed midway): only cutting the response short tells the client.
    if (reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  /**
   * An error raised while reading an upload may quote where the server wrote it (a library's message about the
   * file): the answer names no temporary path, whatever threw.
   */
  private scrubbed(body: ErrorBody): ErrorBody {
    const scrub = (text: string) => withoutUploadPaths(text, this.config.uploadTmpDir);
    const message = scrub(body.message);
    if (body.details === undefined) {
      return { ...body, message };
    }
    const details = scrub(JSON.stringify(body.details));
    return { ...body, message, details: JSON.parse(details) as unknown };
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof DomainError) {
      return { statusCode: ERROR_STATUS[e.code], code: e.code, message: e.message, details: e.details };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const message =
        typeof r === 'string'
          ? r
          : Array.isArray((r as { message?: unknown }).message)
            ? (r as { message: string[] }).message.join('; ')
            : String((r as { message?: unknown }).message ?? e.message);
      return { statusCode: status, code: httpCode(status), message };
    }
    if (e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505') {
      return {
        statusCode: 409,
        code: 'conflict',
        message: (e.driverError as { detail?: string }).detail ?? 'already exists',
      };
    }
    this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return { statusCode: 500, code: 'internal', message: 'internal error' };
  }
}

function httpCode(status: number): string {
  const known: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
  };
  return known[status] ?? `http_${status}`;
}
