import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Schema } from '@arena/api-client';
import type { ArenaSession } from '../api/arena-api';
import { CliFailure, failureOf, unreachable } from '../api/cli-failure';
import { ExitCode } from '../cli-io';
import type { UploadProgress } from '../upload/upload-progress';

export type PhaseFile = Schema<'PhaseFileDto'>;

export interface DownloadResult {
  path: string;
  /** Bytes already on disk from an earlier, interrupted run. */
  resumedFrom: number;
  /** The complete file was already there: nothing was fetched. */
  alreadyThere: boolean;
}

export interface DownloadOptions {
  dir: string;
  progress: UploadProgress;
  /** For tests: stop after this many bytes of this run, as an interruption would (exit 75). */
  stopAfterBytes?: number;
}

/**
 * Downloads one phase file to `<dir>/<name>.zip`. Bytes go to `<name>.zip.part` first; a later run asks only for the
 * rest (Range, with If-Range naming the file's sha256 so that a file changed meanwhile comes whole again), and the
 * finished file is renamed into place only once its sha256 matches the listing's.
 */
export async function downloadPhaseFile(
  session: ArenaSession,
  phaseId: string,
  file: PhaseFile,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const target = join(options.dir, `${file.name.replace(/[^A-Za-z0-9_-]/g, '_')}.zip`);
  const partial = `${target}.part`;
  if ((await sizeOf(target)) === file.size && (await sha256Of(target)) === file.sha256) {
    return { path: target, resumedFrom: 0, alreadyThere: true };
  }
  let offset = (await sizeOf(partial)) ?? 0;
  if (offset > file.size!) {
    await rm(partial, { force: true });
    offset = 0;
  }
  const resumedFrom = offset;
  if (offset < file.size!) {
    const response = await request(session, phaseId, file, offset);
    if (response.status === 416) {
      // What is on disk is not a prefix of this file: start again.
      await response.body?.cancel();
      await rm(partial, { force: true });
      return downloadPhaseFile(session, phaseId, file, options);
    }
    const start = response.status === 206 ? rangeStart(response) : 0;
    if (start !== 0 && start !== offset) {
      throw new CliFailure(`the server resumed ${file.name} at byte ${start}, not ${offset}`, ExitCode.unavailable);
    }
    offset = start;
    await write(response, partial, offset, file, options);
  }
  const sha = await sha256Of(partial);
  if (sha !== file.sha256) {
    await rm(partial, { force: true });
    throw new CliFailure(
      `${file.name}: the download does not match its sha256 (removed; run again)`,
      ExitCode.unavailable,
    );
  }
  await rename(partial, target);
  return { path: target, resumedFrom, alreadyThere: false };
}

/** The API answers with the bytes, or (S3 storage) with a redirect to a presigned URL, fetched without the token. */
async function request(session: ArenaSession, phaseId: string, file: PhaseFile, offset: number): Promise<Response> {
  const headers: Record<string, string> =
    offset > 0 ? { range: `bytes=${offset}-`, 'if-range': `"${file.sha256}"` } : {};
  let response: Response;
  try {
    ({ response } = await session.client.GET('/api/phases/{phaseId}/files/{name}', {
      params: { path: { phaseId, name: file.name } },
      headers,
      parseAs: 'stream',
      redirect: 'manual',
    }));
  } catch (e) {
    throw unreachable(session.url, e);
  }
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    try {
      // A presigned storage URL: the API's token must not go there (and the URL needs none).
      response = await fetch(location, { headers });
    } catch (e) {
      throw unreachable(new URL(location).origin, e);
    }
  }
  if (response.status === 200 || response.status === 206 || response.status === 416) {
    return response;
  }
  const text = await response.text().catch(() => '');
  throw failureOf(response.status, parseJson(text), session.url);
}

async function write(
  response: Response,
  partial: string,
  offset: number,
  file: PhaseFile,
  options: DownloadOptions,
): Promise<void> {
  if (!response.body) {
    throw new CliFailure('the server sent an empty answer', ExitCode.unavailable);
  }
  let out: FileHandle;
  try {
    out = await open(partial, offset > 0 ? 'a' : 'w');
  } catch (e) {
    throw new CliFailure(`cannot write ${partial} (${(e as Error).message})`, ExitCode.usage);
  }
  let done = offset;
  let thisRun = 0;
  const stopAfter = options.stopAfterBytes;
  options.progress.start(file.name, file.size!, done);
  try {
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    try {
      for await (const chunk of body) {
        const bytes = stopAfter === undefined ? (chunk as Buffer) : (chunk as Buffer).subarray(0, stopAfter - thisRun);
        await out.write(bytes).catch((e: unknown) => {
          throw new CliFailure(`cannot write ${partial} (${(e as Error).message})`, ExitCode.usage);
        });
        thisRun += bytes.length;
        done += bytes.length;
        options.progress.update(done);
        if (stopAfter !== undefined && thisRun >= stopAfter) {
          throw new CliFailure(
            `${file.name}: stopped after ${thisRun} bytes; run the same command again to resume`,
            ExitCode.interrupted,
          );
        }
      }
    } catch (e) {
      if (e instanceof CliFailure) {
        throw e;
      }
      throw new CliFailure(
        `${file.name}: the download was cut (${(e as Error).message}); run again to resume`,
        ExitCode.interrupted,
      );
    }
    if (done !== file.size) {
      throw new CliFailure(
        `${file.name}: the download ended after ${done} of ${file.size} bytes; run again to resume`,
        ExitCode.interrupted,
      );
    }
  } finally {
    await out.close();
    options.progress.stop();
  }
}

function rangeStart(response: Response): number {
  const m = /^bytes (\d+)-\d+\/\d+$/.exec(response.headers.get('content-range') ?? '');
  if (!m) {
    throw new CliFailure('the server sent a partial answer without a valid Content-Range', ExitCode.unavailable);
  }
  return Number(m[1]);
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
