import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { extractZip, SafeZip, ZipSafetyError } from '@arena/safe-zip';
import type { RunFileName } from '@arena/worker-protocol';
import type { RunApiClient } from '@worker/api-client/api-client';
import type { RunFileCache } from '@worker/cache/run-file-cache';
import type { Logger } from '@worker/logger';
import type { WorkerMetrics } from '@worker/metrics/worker-metrics';
import type { RunDir } from './run-dir';
import { RunFailure } from './run-failure';

/** The worker's file cache, for the programs and data of one task. */
export interface CachedFiles {
  cache: RunFileCache;
  taskId: string;
  metrics?: WorkerMetrics;
}

const TARGETS: Record<RunFileName, keyof RunDir> = {
  scoring_program: 'program',
  ingestion_program: 'ingestionProgram',
  reference_data: 'inputRef',
  submission: 'inputRes',
  input_data: 'inputData',
};

const LABELS: Record<RunFileName, string> = {
  scoring_program: 'scoring program',
  reference_data: 'reference data',
  submission: 'submission',
  input_data: 'input data',
  ingestion_program: 'ingestion program',
};

const skipMacMetadata = (name: string) => name.startsWith('__MACOSX/');

/** Downloads each run file and unpacks it into its folder; a bad archive fails the run as bad_bundle. */
export async function fetchRunFiles(
  files: RunFileName[],
  dir: RunDir,
  api: RunApiClient,
  logger: Logger,
  signal?: AbortSignal,
  cached?: CachedFiles,
): Promise<void> {
  for (const name of files) {
    const archive = join(dir.downloads, `${name}.zip`);
    await download(name, archive, api, logger, signal, cached);
    try {
      const prefix = await singleTopFolder(archive);
      const target = dir[TARGETS[name]];
      // Programs (and code submissions) may be scripts run directly (`./run.sh`); every mount of them is read-only.
      const fileMode = name === 'reference_data' || name === 'input_data' ? 0o644 : 0o755;
      const { files: count, bytes } = await extractZip(archive, target, { prefix, skip: skipMacMetadata, fileMode });
      await openToContainer(target, fileMode);
      logger.debug({ file: name, count, bytes, prefix }, 'unpacked run file');
    } catch (e) {
      if (e instanceof ZipSafetyError) {
        throw new RunFailure('bad_bundle', `${LABELS[name]}: ${e.problems.join('; ')}`);
      }
      throw e;
    }
  }
}

/**
 * Programs and data come from the cache when the API confirms the copy is current (304 to If-None-Match); the
 * submission, which no other run shares, is always downloaded.
 */
async function download(
  name: RunFileName,
  archive: string,
  api: RunApiClient,
  logger: Logger,
  signal: AbortSignal | undefined,
  cached: CachedFiles | undefined,
): Promise<void> {
  const key = cached && name !== 'submission' ? `${cached.taskId}/${name}` : null;
  const entry = key ? cached!.cache.lookup(key) : undefined;
  const { etag, notModified } = await api.downloadFile(name, archive, signal, entry?.etag);
  if (key) {
    cached!.metrics?.cacheLookup(Boolean(notModified && entry));
  }
  if (notModified && entry) {
    await cached!.cache.restore(entry, archive);
    logger.debug({ file: name }, 'run file from the cache');
  } else if (key && etag) {
    await cached!.cache.store(key, etag, archive);
  }
}

/** The worker's umask may have taken bits from the modes extraction asked for; the container user needs them. */
async function openToContainer(root: string, fileMode: number): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) {
      await chmod(path, 0o755);
      await openToContainer(path, fileMode);
    } else if (entry.isFile()) {
      await chmod(path, fileMode);
    }
  }
}

/**
 * `folder/` when every entry lies in that one folder: people often zip the folder rather than its content, and
 * Codabench looks inside such a folder too. Otherwise ''.
 */
export async function singleTopFolder(archive: string): Promise<string> {
  const zip = await SafeZip.open(archive);
  try {
    const names = zip.entries.map((e) => e.name).filter((n) => !skipMacMetadata(n));
    const tops = new Set(names.map((n) => n.split('/')[0]));
    if (tops.size !== 1) {
      return '';
    }
    const prefix = `${[...tops][0]}/`;
    return names.every((n) => n.startsWith(prefix)) && names.some((n) => n !== prefix) ? prefix : '';
  } finally {
    zip.close();
  }
}
