import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import type { ArenaSession } from '../api/arena-api';
import type { CliEnv } from '../api/cli-config';
import { CliFailure } from '../api/cli-failure';
import { ExitCode, type CliIo } from '../cli-io';
import { type UploadPurpose, type UploadReport, uploadResumable } from './resumable-upload';
import { createProgress } from './upload-progress';
import { UploadState, uploadStatePath } from './upload-state';
import { uploadTransport } from './upload-transport';

/** A zip ready to upload: the file itself, or a folder zipped into a temporary file (never in memory). */
export interface PreparedZip {
  zip: string;
  filename: string;
  /** Made for this run (a folder zipped on the fly), hence not resumable by a later one. */
  temporary: boolean;
  cleanup(): Promise<void>;
}

export async function prepareZip(path: string): Promise<PreparedZip> {
  let isFile: boolean;
  try {
    const s = await stat(path);
    if (!s.isFile() && !s.isDirectory()) {
      throw new Error('not a file');
    }
    isFile = s.isFile();
  } catch {
    throw new CliFailure(`${path} is neither a zip nor a folder`, ExitCode.usage);
  }
  if (isFile) {
    return { zip: path, filename: basename(path), temporary: false, cleanup: async () => undefined };
  }
  const tmp = await mkdtemp(join(tmpdir(), 'arena-upload-'));
  const filename = `${basename(resolve(path))}.zip`;
  const zip = join(tmp, filename);
  await zipDirectory(path, createWriteStream(zip));
  return { zip, filename, temporary: true, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

/** The uploaded file and how to forget its resume entry once the server has used it. */
export interface UploadedFile extends UploadReport {
  done(): Promise<void>;
}

/**
 * Uploads (or resumes uploading) a zip with a progress bar, and says what was resumed. The caller calls `done()`
 * after the submission or competition was created, so a crash in between resumes with the complete upload.
 */
export async function uploadZip(
  session: ArenaSession,
  prepared: PreparedZip,
  purpose: UploadPurpose,
  io: CliIo,
  env: CliEnv,
): Promise<UploadedFile> {
  const state = new UploadState(uploadStatePath(env));
  const stop = env.ARENA_UPLOAD_STOP_AFTER_PARTS;
  const report = await uploadResumable({
    server: session.url,
    path: prepared.zip,
    filename: prepared.filename,
    purpose,
    remember: !prepared.temporary,
    transport: uploadTransport(session),
    state,
    progress: createProgress(io),
    io,
    stopAfterParts: stop !== undefined && stop !== '' ? Number(stop) : undefined,
  });
  io.err(
    `uploaded ${prepared.filename} as ${report.uploadId}: sent ${report.sent.length} of ${report.partCount} part(s)` +
      (report.resumed ? `, ${report.resumed} already on the server` : ''),
  );
  return { ...report, done: () => state.forget(report.key) };
}
