import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  mixin,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, map, mergeMap, type Observable, throwError } from 'rxjs';
import { ApiConfig } from '@api/config/api-config';
import { DomainError } from './domain.error';
import { forbiddenCharacter } from './text-rules';

/** The file part of a multipart request, written to a temporary file. */
export interface UploadedFileInfo {
  /** The name the client gave the file. */
  originalname: string;
  /** The temporary file; removed once the request is answered. */
  path: string;
  size: number;
}

/**
 * Where the file is put on the request, for `@UploadedFile(UPLOADED_FILE)`: `req.file`, where the decorator looks by
 * default, is @fastify/multipart's own method.
 */
export const UPLOADED_FILE = 'uploadedFile';

type MultipartRequest = FastifyRequest & { body: unknown; [UPLOADED_FILE]?: UploadedFileInfo };

/**
 * Reads a multipart request before the handler: the one file in field `field` streams to a temporary file (never
 * whole in memory; refused with 413 past `maxBytesOf(config)`), the other parts become text fields of the body for
 * the validation pipe, and `@UploadedFile(UPLOADED_FILE)` returns the file. The temporary file is removed before the
 * request is answered, whatever happened (handlers never remove it themselves). A request that is not multipart (JSON
 * naming an `uploadId`) passes untouched.
 */
export function FileUpload(field: string, maxBytesOf: (config: ApiConfig) => number): Type<NestInterceptor> {
  @Injectable()
  class FileUploadInterceptor implements NestInterceptor {
    constructor(private readonly config: ApiConfig) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<MultipartRequest>();
      if (!req.isMultipart()) {
        return next.handle();
      }
      const { fields, file } = await receive(req, field, this.config.uploadTmpDir, maxBytesOf(this.config)).catch(
        (e: unknown) => {
          // A refusal may come before the body was read to its end: the connection is closed after the answer, or
          // the unread rest of a large upload would hold it open (and the next request on it would never be read).
          void context.switchToHttp().getResponse<FastifyReply>().header('connection', 'close');
          throw e;
        },
      );
      req.body = fields;
      req[UPLOADED_FILE] = file;
      // The one owner of the temporary file: removed before the answer leaves, whether the handler succeeded or not.
      const removed = () => from(removeUpload(file));
      return next.handle().pipe(
        mergeMap((answer) => removed().pipe(map(() => answer))),
        catchError((e: unknown) => removed().pipe(mergeMap(() => throwError(() => e)))),
      );
    }
  }
  return mixin(FileUploadInterceptor);
}

/** The name a temporary upload file gets in the upload folder. */
const TEMPORARY_NAME = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.upload\b/g;

/**
 * `text` without the server's temporary upload paths: the upload folder (`dir`, as configured and as it resolves)
 * and the names uploads get there are replaced by "the upload".
 */
export function withoutUploadPaths(text: string, dir: string): string {
  let out = text;
  for (const d of new Set([dir, resolve(dir)])) {
    if (d && d !== '/' && d !== '.') {
      out = out.split(d).join('<upload>');
    }
  }
  return out.replace(/<upload>[^\s"':;,)]*/g, 'the upload').replace(TEMPORARY_NAME, 'the upload');
}

/** Text fields of an upload (description, team, fact sheet...): a few, each well under a MiB. */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 1024 * 1024;

async function receive(
  req: MultipartRequest,
  field: string,
  dir: string,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file?: UploadedFileInfo }> {
  const fields: Record<string, string> = {};
  let file: UploadedFileInfo | undefined;
  try {
    // The field limits are checked here, where the field's name is known; busboy's own stop one part later.
    const limits = { fileSize: maxBytes, files: 1, fields: MAX_FIELDS + 1, fieldSize: MAX_FIELD_BYTES };
    for await (const part of req.parts({ limits })) {
      if (part.type === 'field') {
        if (part.valueTruncated) {
          throw new DomainError(
            'payload_too_large',
            `field "${part.fieldname}" is longer than ${MAX_FIELD_BYTES} bytes`,
          );
        }
        if (Object.keys(fields).length === MAX_FIELDS) {
          throw new DomainError(
            'payload_too_large',
            `field "${part.fieldname}" is one too many: at most ${MAX_FIELDS} text fields`,
          );
        }
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== field) {
        throw new DomainError(
          'invalid_upload',
          `unexpected file field "${part.fieldname}" (send the file as "${field}")`,
        );
      }
      // The name is shown and kept (bundle problems name it): one line of text, as any name (text-rules.ts).
      const badName = forbiddenCharacter(part.filename ?? '', true);
      if (badName) {
        throw new DomainError('bad_request', `the file name holds the control or invisible character ${badName}`);
      }
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${randomUUID()}.upload`);
      file = { originalname: part.filename, path, size: 0 };
      const counted = file;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          counted.size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(part.file, count, createWriteStream(path));
    }
  } catch (e) {
    await removeUpload(file);
    throw refusal(e, field, maxBytes);
  }
  return { fields, file };
}

/** Errors of the request (too large, too many parts, a malformed body) are the client's: 4xx naming the problem. */
function refusal(e: unknown, field: string, maxBytes: number): unknown {
  if (e instanceof DomainError) {
    return e;
  }
  const err = e as { statusCode?: number; code?: string; syscall?: string; message?: string };
  if (err.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DomainError('payload_too_large', `file "${field}" is larger than ${maxBytes} bytes`);
  }
  if (err.code === 'FST_FILES_LIMIT') {
    return new DomainError('payload_too_large', `one file only, as "${field}": the request carries more`);
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const code = err.statusCode === 413 ? 'payload_too_large' : 'invalid_upload';
    return new DomainError(code, `multipart body refused: ${err.message}`);
  }
  if (err.code === 'ECONNRESET' || err.message === 'aborted') {
    return new DomainError('invalid_upload', 'the upload was interrupted before its end');
  }
  // Writing the temporary file failed (disk full...): the server's fault, logged as such by the global filter.
  if (err.syscall) {
    return e;
  }
  return new DomainError('invalid_upload', `malformed multipart body: ${err.message ?? String(e)}`);
}

export function requireFile(file: UploadedFileInfo | undefined, field: string): UploadedFileInfo {
  if (!file) {
    throw new DomainError('invalid_upload', `multipart field "${field}" with a file is required`);
  }
  return file;
}

async function removeUpload(file: UploadedFileInfo | undefined): Promise<void> {
  if (file?.path) {
    await rm(file.path, { force: true });
  }
}
