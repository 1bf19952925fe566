import { cpus, hostname } from 'node:os';
import { DEFAULT_JOB_QUEUE } from '@arena/worker-protocol';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadWorkerConfig } from './config';

describe('loadWorkerConfig', () => {
  it('applies every default on an empty environment', () => {
    expect(loadWorkerConfig({})).toEqual({
      apiUrl: 'http://127.0.0.1:3000',
      amqpUrl: 'amqp://admin:admin@127.0.0.1:5672',
      queue: DEFAULT_JOB_QUEUE,
      queueType: 'classic',
      workerName: hostname(),
      workDir: '/var/lib/arena-worker',
      hostWorkDir: '/var/lib/arena-worker',
      dockerSocket: '/var/run/docker.sock',
      heartbeatSec: 5,
      cacheBytes: 2048 * 1024 * 1024,
      imageMap: [],
      maxMemoryMb: 4096,
      maxCpus: cpus().length,
      maxPids: 512,
      containerUser: '65534:65534',
      logMaxBytes: 1048576,
      outputMaxBytes: 268435456,
      tmpfsMb: 256,
      httpTimeoutMs: 30000,
      pullTimeoutSec: 120,
      shutdownGraceSec: 30,
      logLevel: 'info',
      gpus: { kind: 'none' },
      localData: {},
      labels: {},
      metrics: null,
    });
  });

  it('serves metrics only when given a port', () => {
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: '0' }).metrics).toBeNull();
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: '9464' }).metrics).toEqual({
      port: 9464,
      host: '127.0.0.1',
      token: undefined,
    });
    expect(
      loadWorkerConfig({ WORKER_METRICS_PORT: '9464', WORKER_METRICS_HOST: '0.0.0.0', WORKER_METRICS_TOKEN: 't' })
        .metrics,
    ).toEqual({
      port: 9464,
      host: '0.0.0.0',
      token: 't',
    });
    expect(() => loadWorkerConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT: must be 0..65535/);
  });

  it('reads GPUs, worker-local data and labels', () => {
    expect(loadWorkerConfig({ WORKER_GPUS: 'all' }).gpus).toEqual({ kind: 'all' });
    expect(loadWorkerConfig({ WORKER_GPUS: '0, 2' }).gpus).toEqual({ kind: 'devices', ids: ['0', '2'] });
    const config = loadWorkerConfig({
      WORKER_LOCAL_DATA: 'hospital-a=/data/a, ct_scans=/mnt/ct',
      WORKER_LABELS: 'site=lab,gpu=a100',
    });
    expect(config.localData).toEqual({ 'hospital-a': '/data/a', ct_scans: '/mnt/ct' });
    expect(config.labels).toEqual({ site: 'lab', gpu: 'a100' });
  });

  it('refuses relative local data folders, bad names and bad GPU lists', () => {
    const bad = () => loadWorkerConfig({ WORKER_LOCAL_DATA: 'a=data/a,../x=/y', WORKER_GPUS: '0;1' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/WORKER_GPUS: must be empty, all, or a comma list/);
    expect(bad).toThrow(/WORKER_LOCAL_DATA: the folder of a must be an absolute path/);
    expect(() => loadWorkerConfig({ WORKER_LOCAL_DATA: 'a=/x,a=/y' })).toThrow(/a is given twice/);
  });

  it('reads and types every variable', () => {
    const config = loadWorkerConfig({
      ARENA_API_URL: 'https://arena.example.org/',
      AMQP_URL: 'amqps://w:p@mq:5671/arena',
      WORKER_QUEUE: 'gpu',
      WORKER_NAME: 'w-1',
      WORKER_WORK_DIR: '/work',
      WORKER_HOST_WORK_DIR: '/srv/worker',
      DOCKER_SOCKET: '/run/docker.sock',
      WORKER_IMAGE_MAP: 'codalab/*=arena/python:3.11',
      WORKER_MAX_MEMORY_MB: '2048',
      WORKER_MAX_CPUS: '1.5',
      WORKER_MAX_PIDS: '64',
      WORKER_CONTAINER_USER: '1000:1000',
      WORKER_LOG_MAX_BYTES: '100',
      WORKER_OUTPUT_MAX_BYTES: '1000',
      WORKER_TMPFS_MB: '16',
      WORKER_HTTP_TIMEOUT_MS: '500',
      WORKER_PULL_TIMEOUT_SEC: '5',
      WORKER_SHUTDOWN_GRACE_SEC: '0',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      apiUrl: 'https://arena.example.org',
      hostWorkDir: '/srv/worker',
      imageMap: [{ pattern: 'codalab/*', image: 'arena/python:3.11' }],
      maxCpus: 1.5,
      maxMemoryMb: 2048,
      shutdownGraceSec: 0,
      logLevel: 'debug',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadWorkerConfig({ WORKER_MAX_PIDS: '', WORKER_WORK_DIR: '' })).toMatchObject({
      maxPids: 512,
      workDir: '/var/lib/arena-worker',
    });
  });

  it('names every bad variable at once', () => {
    const env = {
      ARENA_API_URL: 'ftp://x',
      AMQP_URL: 'http://mq',
      WORKER_NAME: 'has space',
      WORKER_WORK_DIR: 'relative/dir',
      WORKER_HOST_WORK_DIR: 'also/relative',
      DOCKER_SOCKET: 'sock',
      WORKER_IMAGE_MAP: 'no-equals',
      WORKER_MAX_MEMORY_MB: 'lots',
      WORKER_MAX_CPUS: '-1',
      WORKER_MAX_PIDS: '1.5',
      WORKER_CONTAINER_USER: 'root',
      WORKER_LOG_MAX_BYTES: '0',
      WORKER_OUTPUT_MAX_BYTES: 'x',
      WORKER_TMPFS_MB: '-5',
      WORKER_HTTP_TIMEOUT_MS: 'soon',
      WORKER_PULL_TIMEOUT_SEC: '0',
      WORKER_SHUTDOWN_GRACE_SEC: 'never',
      LOG_LEVEL: 'loud',
    };
    let error: unknown;
    try {
      loadWorkerConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    for (const name of Object.keys(env)) {
      expect(
        problems.some((p) => p.startsWith(`${name}: `)),
        name,
      ).toBe(true);
    }
    expect(problems).toHaveLength(Object.keys(env).length);
    expect((error as Error).message).toContain('WORKER_MAX_MEMORY_MB: must be a number (got "lots")');
    expect((error as Error).message).toContain('WORKER_IMAGE_MAP: "no-equals" is not pattern=local-image');
  });
});
