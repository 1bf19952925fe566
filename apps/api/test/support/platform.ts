import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebApi } from './browser';
import { deleteQueue } from './rabbit-evidence';
import { startTestApi, type TestApi } from './test-api';
import { createTestDatabase, type TestDatabase } from './test-database';
import { TEST_ENV } from './test-env';
import { removeContainersOf, spawnWorker } from './worker-process';

export interface PlatformOptions {
  /** Names the temp folder (arena-<prefix>-…), the job queue (arena.<prefix>.…) and the worker (<prefix>-…). */
  prefix: string;
  /** Serve the built web app too (startWebApi), for browser tests. */
  web?: boolean;
  /** On top of the usual API environment. */
  apiEnv?: Record<string, string>;
  /** false: no worker (the test starts its own, or needs none); otherwise env on top of the usual worker env. */
  worker?: false | Record<string, string>;
}

export interface Platform {
  tmp: string;
  db: TestDatabase;
  /** The API's job queue, unique to this test file. */
  queue: string;
  api: TestApi;
  /** Stops and removes everything in the reverse order; safe to call after a partial start. */
  close(): Promise<void>;
}

export interface PlatformWithWorker extends Platform {
  workerName: string;
  /** The BUILT worker as its own process, consuming `queue`. */
  worker: ChildProcess;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * The real platform for one test file: a migrated database of its own, a unique job queue, the API on a random port
 * and, unless `worker: false`, the built worker scoring in Docker. If the start fails half-way, what was started is
 * removed before the error is thrown, since the caller never gets anything to close.
 */
export function startPlatform(options: PlatformOptions & { worker: false }): Promise<Platform>;
export function startPlatform(
  options: PlatformOptions & { worker?: Record<string, string> },
): Promise<PlatformWithWorker>;
export async function startPlatform(options: PlatformOptions): Promise<Platform | PlatformWithWorker> {
  const started: Partial<PlatformWithWorker> = {};
  const close = () => stopPlatform(started);
  try {
    started.tmp = await mkdtemp(join(tmpdir(), `arena-${options.prefix}-`));
    started.db = await createTestDatabase();
    started.queue = `arena.${options.prefix}.${hex(4)}`;
    const apiEnv = {
      DATABASE_URL: started.db.url,
      JOB_QUEUE: started.queue,
      STORAGE_DIR: join(started.tmp, 's'),
      UPLOAD_TMP_DIR: join(started.tmp, 'u'),
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
      ...options.apiEnv,
    };
    started.api = await (options.web ? startWebApi(apiEnv) : startTestApi(apiEnv));
    if (options.worker !== false) {
      started.workerName = `${options.prefix}-${hex(3)}`;
      started.worker = spawnWorker({
        ARENA_API_URL: started.api.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: started.queue,
        WORKER_NAME: started.workerName,
        WORKER_WORK_DIR: join(started.tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'warn',
        ...options.worker,
      });
    }
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
  return { ...(started as PlatformWithWorker), close };
}

/** Every step runs even if an earlier one failed, so one error does not leave a database or a queue behind. */
async function stopPlatform(p: Partial<PlatformWithWorker>): Promise<void> {
  const errors: unknown[] = [];
  const step = async (fn: () => Promise<unknown>) => {
    await fn().catch((e: unknown) => errors.push(e));
  };
  if (p.worker) {
    await step(() => stopWorker(p.worker!));
  }
  // A worker stopped mid-run leaves its scoring container behind.
  if (p.workerName) {
    await step(() => removeContainersOf(p.workerName!));
  }
  if (p.api) {
    await step(() => p.api!.close());
  }
  if (p.db) {
    await step(() => p.db!.drop());
  }
  if (p.queue) {
    await step(() => deleteQueue(p.queue!));
  }
  if (p.tmp) {
    await step(() => rm(p.tmp!, { recursive: true, force: true }));
  }
  if (errors.length) {
    throw errors[0];
  }
}

/** SIGTERM lets the worker stop cleanly; one still running after half a second is killed. */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 500))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
}
