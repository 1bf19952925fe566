import { hostname, cpus } from 'node:os';
import { isAbsolute } from 'node:path';
import { DEFAULT_JOB_QUEUE, type JobQueueType, LOCAL_DATA_NAME } from '@arena/worker-protocol';
import { z } from 'zod';
import { parseImageMap, type ImageMapEntry } from './docker/image-map';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface WorkerConfig {
  apiUrl: string;
  amqpUrl: string;
  queue: string;
  /**
   * The type the worker declares its queue with where it finds none (QUEUE_TYPE, as the API's); a queue that exists,
   * as the API or an organizer queue made it, is consumed as it is.
   */
  queueType: JobQueueType;
  workerName: string;
  workDir: string;
  /** `workDir` as the Docker host sees it, for bind mounts when the worker itself runs in a container. */
  hostWorkDir: string;
  dockerSocket: string;
  imageMap: ImageMapEntry[];
  maxMemoryMb: number;
  maxCpus: number;
  maxPids: number;
  containerUser: string;
  logMaxBytes: number;
  outputMaxBytes: number;
  tmpfsMb: number;
  httpTimeoutMs: number;
  pullTimeoutSec: number;
  shutdownGraceSec: number;
  /** Seconds between lease renewals of a running job; keep it well under the API's RUN_LEASE_SEC (default 60). */
  heartbeatSec: number;
  /** Bytes of programs and data kept between runs (least recently used evicted); 0 disables the cache. */
  cacheBytes: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** GPUs handed to every container: none, all of the host's, or these device ids (WORKER_GPUS). */
  gpus: GpuSelection;
  /** Folders of data that stay on this host, by the name a task gives them (`worker://<name>`). */
  localData: Record<string, string>;
  /** Free-form labels an operator sets (WORKER_LABELS `k=v,k2=v2`), shown to queue owners. */
  labels: Record<string, string>;
  /** Prometheus metrics at http://<host>:<port>/metrics; null: not served (WORKER_METRICS_PORT unset or 0). */
  metrics: { port: number; host: string; token?: string } | null;
}

export type GpuSelection = { kind: 'none' } | { kind: 'all' } | { kind: 'devices'; ids: string[] };

/** Thrown at boot; the message names every bad variable so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const positiveInt = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be > 0');
const absolutePath = z.string().refine(isAbsolute, 'must be an absolute path');

function urlWith(protocols: string[]) {
  return z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );
}

const envSchema = z.object({
  ARENA_API_URL: urlWith(['http:', 'https:']).default('http://127.0.0.1:3000'),
  AMQP_URL: urlWith(['amqp:', 'amqps:']).default('amqp://admin:admin@127.0.0.1:5672'),
  WORKER_QUEUE: z.string().max(255).default(DEFAULT_JOB_QUEUE),
  QUEUE_TYPE: z.enum(['classic', 'quorum'], { error: 'must be classic or quorum' }).default('classic'),
  WORKER_NAME: z
    .string()
    .max(200)
    .regex(/^[\w.@:-]+$/, 'may hold only letters, digits and . _ - @ :')
    .default(hostname()),
  WORKER_WORK_DIR: absolutePath.default('/var/lib/arena-worker'),
  WORKER_HOST_WORK_DIR: absolutePath.optional(),
  DOCKER_SOCKET: absolutePath.default('/var/run/docker.sock'),
  WORKER_IMAGE_MAP: z.string().default(''),
  WORKER_MAX_MEMORY_MB: positiveInt.default(4096),
  WORKER_MAX_CPUS: z.coerce
    .number({ error: 'must be a number' })
    .positive('must be > 0')
    .default(cpus().length || 1),
  WORKER_MAX_PIDS: positiveInt.default(512),
  WORKER_CONTAINER_USER: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid, e.g. 65534:65534')
    .default('65534:65534'),
  WORKER_LOG_MAX_BYTES: positiveInt.default(1024 * 1024),
  WORKER_OUTPUT_MAX_BYTES: positiveInt.default(256 * 1024 * 1024),
  WORKER_TMPFS_MB: positiveInt.default(256),
  WORKER_HTTP_TIMEOUT_MS: positiveInt.default(30_000),
  WORKER_PULL_TIMEOUT_SEC: positiveInt.default(120),
  WORKER_SHUTDOWN_GRACE_SEC: z.coerce.number({ error: 'must be a number' }).nonnegative('must be >= 0').default(30),
  WORKER_HEARTBEAT_SEC: z.coerce.number({ error: 'must be a number' }).positive('must be > 0').default(5),
  WORKER_CACHE_MB: z.coerce.number({ error: 'must be a number' }).nonnegative('must be >= 0').default(2048),
  WORKER_GPUS: z.string().default(''),
  WORKER_LOCAL_DATA: z.string().default(''),
  WORKER_LABELS: z.string().default(''),
  WORKER_METRICS_PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0..65535')
    .max(65535, 'must be 0..65535')
    .default(0),
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_METRICS_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

/** Reads the worker's settings from `env`; throws a ConfigError listing every bad variable. */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  // An empty variable means "use the default", as when a compose file passes `VAR=`.
  const raw = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]?.trim()]),
  );
  const parsed = envSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return `${name}: ${i.message} (got ${JSON.stringify(raw[name])})`;
      });
  let imageMap: ImageMapEntry[] = [];
  try {
    imageMap = parseImageMap(parsed.success ? parsed.data.WORKER_IMAGE_MAP : (raw.WORKER_IMAGE_MAP ?? ''));
  } catch (e) {
    problems.push(`WORKER_IMAGE_MAP: ${(e as Error).message}`);
  }
  const gpus = collect(problems, 'WORKER_GPUS', () => parseGpus(String(raw.WORKER_GPUS ?? '')), {
    kind: 'none',
  } as GpuSelection);
  const localData = collect(
    problems,
    'WORKER_LOCAL_DATA',
    () => parseLocalData(String(raw.WORKER_LOCAL_DATA ?? '')),
    {},
  );
  const labels = collect(problems, 'WORKER_LABELS', () => parsePairs(String(raw.WORKER_LABELS ?? '')), {});
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    apiUrl: e.ARENA_API_URL.replace(/\/+$/, ''),
    amqpUrl: e.AMQP_URL,
    queue: e.WORKER_QUEUE,
    queueType: e.QUEUE_TYPE,
    workerName: e.WORKER_NAME,
    workDir: e.WORKER_WORK_DIR,
    hostWorkDir: e.WORKER_HOST_WORK_DIR ?? e.WORKER_WORK_DIR,
    dockerSocket: e.DOCKER_SOCKET,
    imageMap,
    maxMemoryMb: e.WORKER_MAX_MEMORY_MB,
    maxCpus: e.WORKER_MAX_CPUS,
    maxPids: e.WORKER_MAX_PIDS,
    containerUser: e.WORKER_CONTAINER_USER,
    logMaxBytes: e.WORKER_LOG_MAX_BYTES,
    outputMaxBytes: e.WORKER_OUTPUT_MAX_BYTES,
    tmpfsMb: e.WORKER_TMPFS_MB,
    httpTimeoutMs: e.WORKER_HTTP_TIMEOUT_MS,
    pullTimeoutSec: e.WORKER_PULL_TIMEOUT_SEC,
    shutdownGraceSec: e.WORKER_SHUTDOWN_GRACE_SEC,
    heartbeatSec: e.WORKER_HEARTBEAT_SEC,
    cacheBytes: e.WORKER_CACHE_MB * 1024 * 1024,
    logLevel: e.LOG_LEVEL,
    gpus,
    localData,
    labels,
    metrics:
      e.WORKER_METRICS_PORT > 0
        ? { port: e.WORKER_METRICS_PORT, host: e.WORKER_METRICS_HOST, token: e.WORKER_METRICS_TOKEN }
        : null,
  };
}

function collect<T>(problems: string[], name: string, parse: () => T, fallback: T): T {
  try {
    return parse();
  } catch (e) {
    problems.push(`${name}: ${(e as Error).message}`);
    return fallback;
  }
}

/** '' (no GPUs), 'all', or a comma list of device ids or UUIDs as `nvidia-smi -L` shows them. */
export function parseGpus(value: string): GpuSelection {
  const v = value.trim();
  if (v === '' || v === 'none') {
    return { kind: 'none' };
  }
  if (v === 'all') {
    return { kind: 'all' };
  }
  const ids = v.split(',').map((s) => s.trim());
  const bad = ids.find((id) => !/^[\w-]{1,100}$/.test(id));
  if (bad !== undefined) {
    throw new Error(`must be empty, all, or a comma list of GPU ids like 0,1 (got ${JSON.stringify(bad)})`);
  }
  return { kind: 'devices', ids };
}

/** `name=/abs/path,name2=/abs/path2`: each name once, each path absolute. */
export function parseLocalData(value: string): Record<string, string> {
  const out = parsePairs(value);
  for (const [name, path] of Object.entries(out)) {
    if (!LOCAL_DATA_NAME.test(name)) {
      throw new Error(`${JSON.stringify(name)} is not a valid name (letters, digits, . _ -)`);
    }
    if (!isAbsolute(path)) {
      throw new Error(`the folder of ${name} must be an absolute path (got ${JSON.stringify(path)})`);
    }
  }
  return out;
}

function parsePairs(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new Error(`expected name=value, got ${JSON.stringify(part)}`);
    }
    const name = part.slice(0, eq).trim();
    if (name in out) {
      throw new Error(`${name} is given twice`);
    }
    out[name] = part.slice(eq + 1).trim();
  }
  return out;
}
