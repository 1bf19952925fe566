import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CliFailure } from '../api/cli-failure';
import { ExitCode, type CliIo } from '../cli-io';
import type { UploadProgress } from './upload-progress';
import type { UploadKey, UploadState } from './upload-state';

export type UploadPurpose = 'submission' | 'bundle';

/** What the CLI needs of the server's upload DTO. */
export interface UploadView {
  id: string;
  size: number;
  partSize: number;
  partCount: number;
  received: number[];
  status: 'open' | 'complete';
}

/** The resumable-upload routes (`/api/uploads`), behind an interface so the resume logic is tested without a server. */
export interface UploadTransport {
  create(input: { filename: string; size: number; purpose: UploadPurpose }): Promise<UploadView>;
  get(id: string): Promise<UploadView>;
  putPart(id: string, index: number, body: Blob): Promise<UploadView>;
  complete(id: string): Promise<UploadView>;
}

export interface UploadOptions {
  server: string;
  path: string;
  purpose: UploadPurpose;
  /** Name the server records (a folder zipped on the fly is uploaded under the folder's name). */
  filename?: string;
  transport: UploadTransport;
  state: UploadState;
  progress: UploadProgress;
  io: CliIo;
  /** Waits between tries of one part; its length is the number of retries. */
  retryDelaysMs?: number[];
  /** False for a temporary zip (a folder zipped on the fly): a re-run zips again, so there is nothing to resume. */
  remember?: boolean;
  /** Test hook (ARENA_UPLOAD_STOP_AFTER_PARTS): stop as if interrupted after sending this many parts. */
  stopAfterParts?: number;
}

export interface UploadReport {
  uploadId: string;
  partCount: number;
  /** Parts sent by this run. */
  sent: number[];
  /** Parts the server already had from an earlier run. */
  resumed: number;
  key: UploadKey;
}

const DEFAULT_RETRY_DELAYS_MS = [500, 1500, 4000];

/**
 * Uploads a file in parts, resuming an earlier upload of the same file to the same server: only the parts the
 * server lacks are sent, each read from disk as a slice of a file-backed Blob (never the whole file in memory).
 */
export async function uploadResumable(options: UploadOptions): Promise<UploadReport> {
  const { transport, state, progress, io } = options;
  const path = resolve(options.path);
  const s = await stat(path);
  const key: UploadKey = {
    server: options.server,
    path,
    size: s.size,
    mtimeMs: s.mtimeMs,
    purpose: options.purpose,
  };
  const label = `uploading ${options.filename ?? basename(path)}`;

  const remember = options.remember ?? true;
  let upload = remember ? await resumable(transport, state, key, s.size) : null;
  if (upload) {
    const have = `${upload.received.length} of ${upload.partCount} part(s)`;
    io.err(`resuming upload ${upload.id}: ${have} already on the server`);
  } else {
    const filename = options.filename ?? basename(path);
    upload = await transport.create({ filename, size: s.size, purpose: options.purpose });
    if (remember) {
      await state.set(key, upload.id);
    }
  }
  const resumed = upload.received.length;
  const sent: number[] = [];
  if (upload.status !== 'complete') {
    const file = await openAsBlob(path);
    for (let round = 0; ; round++) {
      upload = await sendMissing(upload, file, options, label, sent);
      try {
        upload = await transport.complete(upload.id);
        break;
      } catch (e) {
        // 409 lists parts the server lost or never stored: send them once more, then give up.
        if (!(e instanceof CliFailure) || e.exitCode !== ExitCode.conflict || round > 0) {
          throw e;
        }
        upload = await transport.get(upload.id);
      }
    }
  }
  return { uploadId: upload.id, partCount: upload.partCount, sent, resumed, key };
}

/** The upload an earlier run left for this file, if the server still has it and it matches the file. */
async function resumable(transport: UploadTransport, state: UploadState, key: UploadKey, size: number) {
  const id = await state.get(key);
  if (!id) {
    return null;
  }
  try {
    const upload = await transport.get(id);
    if (upload.size === size) {
      return upload;
    }
  } catch (e) {
    // Expired or deleted (404) starts afresh; anything else (server down, bad token) is the caller's to see.
    if (!(e instanceof CliFailure) || e.exitCode !== ExitCode.notFound) {
      throw e;
    }
  }
  await state.forget(key);
  return null;
}

/**
 * Parts go PARTS_AT_ONCE at a time: one request at a time left the link idle while the server stored each part (on S3,
 * a part's upload there is most of a request's time), and a few keep it busy without holding much in memory.
 */
const PARTS_AT_ONCE = 3;

async function sendMissing(
  upload: UploadView,
  file: Blob,
  options: UploadOptions,
  label: string,
  sent: number[],
): Promise<UploadView> {
  const received = new Set(upload.received);
  const missing = [...Array(upload.partCount).keys()].filter((i) => !received.has(i));
  const partBytes = (i: number) => Math.min(upload.size, (i + 1) * upload.partSize) - i * upload.partSize;
  let done = upload.received.reduce((n, i) => n + partBytes(i), 0);
  options.progress.start(label, upload.size, done);
  let current = upload;
  const thisRound: number[] = [];
  let started = 0;
  let failed = false;
  const stopAt = options.stopAfterParts ?? Number.POSITIVE_INFINITY;
  const worker = async (): Promise<void> => {
    while (!failed && started < missing.length && started < stopAt) {
      const index = missing[started++];
      const body = file.slice(index * upload.partSize, index * upload.partSize + partBytes(index));
      try {
        current = await withRetries(() => options.transport.putPart(upload.id, index, body), options, index);
      } catch (e) {
        failed = true;
        throw e;
      }
      thisRound.push(index);
      done += partBytes(index);
      options.progress.update(done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARTS_AT_ONCE, missing.length) }, worker));
  } finally {
    options.progress.stop();
    sent.push(...thisRound.sort((a, b) => a - b));
  }
  if (thisRound.length < missing.length && options.stopAfterParts !== undefined) {
    throw new CliFailure(
      `upload ${upload.id} stopped after ${sent.length} part(s) (ARENA_UPLOAD_STOP_AFTER_PARTS); ` +
        'run the same command again to resume',
      ExitCode.interrupted,
    );
  }
  // The answer to the last part sent lists every part received, whichever finished last.
  return thisRound.length ? transportView(current, upload, thisRound) : current;
}

/** The parts the server holds: answers can arrive out of order, so the union of what they and this run saw. */
function transportView(last: UploadView, upload: UploadView, sent: number[]): UploadView {
  const received = [...new Set([...upload.received, ...last.received, ...sent])].sort((a, b) => a - b);
  return { ...last, received };
}

/** Retries a part when the server could not be reached or failed (5xx); a refusal is final. */
async function withRetries<T>(send: () => Promise<T>, options: UploadOptions, index: number): Promise<T> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const retryable = e instanceof CliFailure && e.exitCode === ExitCode.unavailable;
      if (!retryable || attempt >= delays.length) {
        if (retryable) {
          const message = `${e.message}; part ${index} failed ${attempt + 1} times: run the same command again to resume`;
          throw new CliFailure(message, ExitCode.unavailable);
        }
        throw e;
      }
      options.io.err(`part ${index}: ${e.message}; retrying in ${delays[attempt]} ms`);
      await new Promise((r) => setTimeout(r, delays[attempt]));
    }
  }
}
