import { hostname, cpus } from 'node:os';
import { isAbsolute } from 'node:path';
import { DEFAULT_JOB_QUEUE } from '@arena/worker-protocol';
import { z } from 'zod';
import { parseImageMap, type ImageMapEntry } from './docker/image-map';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface WorkerConfig {
  apiUrl: string;
  amqpUrl: string;
  queue: string;
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
  logLevel: (typeof LOG_LEVELS)[number];
}

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
  return z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
}

const envSchema = z.object({
  ARENA_API_URL: urlWith(['http:', 'https:']).default('http://127.0.0.1:3000'),
  AMQP_URL: urlWith(['amqp:', 'amqps:']).default('amqp://admin:admin@127.0.0.1:5672'),
  WORKER_QUEUE: z.string().max(255).default(DEFAULT_JOB_QUEUE),
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
  WORKER_MAX_CPUS: z.coerce.number({ error: 'must be a number' }).positive('must be > 0').default(cpus().length || 1),
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
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    apiUrl: e.ARENA_API_URL.replace(/\/+$/, ''),
    amqpUrl: e.AMQP_URL,
    queue: e.WORKER_QUEUE,
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
    logLevel: e.LOG_LEVEL,
  };
}
