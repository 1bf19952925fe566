import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import Docker from 'dockerode';
import { ApiClient } from './api-client/api-client';
import type { RetryOptions } from './api-client/retry';
import type { WorkerConfig } from './config';
import { dockerMessage } from './docker/image-resolver';
import { gpuInventory } from './docker/gpu-inventory';
import { cleanupOrphans } from './docker/orphan-cleanup';
import { runsDirOf } from './jobs/run-dir';
import { RunFileCache } from '@worker/cache/run-file-cache';
import { ScoreJobHandler } from './jobs/score-job.handler';
import { healthFileOf, recordHealth } from './health/health-file';
import { createLogger, type Logger } from './logger';
import { serveMetrics, type MetricsEndpoint } from '@arena/observability';
import { WorkerMetrics } from './metrics/worker-metrics';
import { JobConsumer } from './queue/job-consumer';
import { WORKER_IDENTITY_PROPERTY, workerIdentity } from './queue/worker-identity';

export interface WorkerOverrides {
  logger?: Logger;
  docker?: Docker;
  /** API retry policy (tests shorten the delays). */
  retry?: RetryOptions;
}

export interface RunningWorker {
  consumer: JobConsumer;
  metrics: WorkerMetrics;
  /** The port /metrics is served on (WORKER_METRICS_PORT; a free one when 0 was asked for by a test), or null. */
  metricsPort: number | null;
  /** Stops taking jobs, lets the current one finish within the configured grace period, then disconnects. */
  stop(): Promise<void>;
}

/** Cleans up after a previous crash, connects to Docker and the broker, and consumes jobs until stopped. */
export async function startWorker(config: WorkerConfig, overrides: WorkerOverrides = {}): Promise<RunningWorker> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const docker = overrides.docker ?? new Docker({ socketPath: config.dockerSocket });
  try {
    await docker.ping();
  } catch (e) {
    throw new Error(`cannot reach the Docker engine at ${config.dockerSocket}: ${dockerMessage(e)}`);
  }
  const runsDir = runsDirOf(config.workDir);
  await mkdir(runsDir, { recursive: true, mode: 0o755 });
  await cleanupOrphans(docker, config.workerName, runsDir, logger);

  const workerGpus = await gpuInventory(config.gpus, logger);
  const api = new ApiClient({
    workerGpus,
    baseUrl: config.apiUrl,
    timeoutMs: config.httpTimeoutMs,
    retry: overrides.retry,
    logger,
  });
  const cache = config.cacheBytes > 0 ? new RunFileCache(join(config.workDir, 'cache'), config.cacheBytes) : undefined;
  await cache?.init();
  // The gauges read the consumer at each scrape, which the endpoint serves only once the consumer exists.
  const metrics: WorkerMetrics = new WorkerMetrics({ busy: () => consumer.busy, consuming: () => consumer.consuming });
  const handler = new ScoreJobHandler({ config, docker, api, logger, cache, metrics });
  const consumer: JobConsumer = new JobConsumer({
    url: config.amqpUrl,
    queue: config.queue,
    queueType: config.queueType,
    connectionName: config.workerName,
    clientProperties: { [WORKER_IDENTITY_PROPERTY]: workerIdentity(config) },
    logger,
    handle: (msg, signal) => handler.handle(msg.content, { signal, redelivered: msg.fields.redelivered }),
  });
  const endpoint: MetricsEndpoint | null = config.metrics
    ? await serveMetrics({ registry: metrics.registry, ...config.metrics }).catch((e: Error) => {
        throw new Error(`cannot serve metrics on ${config.metrics!.host}:${config.metrics!.port}: ${e.message}`);
      })
    : null;
  try {
    await consumer.start();
  } catch (e) {
    await endpoint?.close();
    throw e;
  }
  if (endpoint) {
    logger.info({ port: endpoint.port, host: config.metrics!.host }, 'metrics at /metrics');
  }
  const health = recordHealth(
    healthFileOf(config.workDir, config.workerName),
    () => ({ broker: consumer.consuming ? 'consuming' : 'disconnected', busy: consumer.busy }),
    (e) => logger.warn({ err: e.message }, 'could not write the health record'),
  );
  logger.info({ worker: config.workerName, queue: config.queue, api: config.apiUrl, gpus: workerGpus }, 'worker ready');
  return {
    consumer,
    metrics,
    metricsPort: endpoint?.port ?? null,
    stop: async () => {
      await consumer.stop(config.shutdownGraceSec * 1000);
      await health.stop();
      await endpoint?.close();
    },
  };
}
