import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import type { ScoreJob } from '@arena/worker-protocol';
import { loadWorkerConfig, type WorkerConfig } from '@worker/config';
import Docker from 'dockerode';

export const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
export const BROKER_URL = process.env.AMQP_URL ?? 'amqp://admin:admin@127.0.0.1:5672';
export const MANAGEMENT_URL = process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://admin:admin@127.0.0.1:15672';

/** A scratch folder removed by `cleanup`. */
export async function scratch(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` under a folder and zips it to `zipPath` (optionally inside one top-level folder). */
export async function makeZip(zipPath: string, files: Record<string, string>, topFolder = ''): Promise<string> {
  const src = `${zipPath}.d`;
  for (const [name, content] of Object.entries(files)) {
    const target = join(src, topFolder, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  await mkdir(src, { recursive: true });
  await zipDirectory(src, createWriteStream(zipPath));
  await rm(src, { recursive: true, force: true });
  return zipPath;
}

/** A scoring program whose score.py is `python`, run through a legacy `$program` command. */
export function scoringProgram(python: string): Record<string, string> {
  return {
    'metadata.yaml': 'command: python3 $program/score.py $input $output\n',
    'score.py': python,
  };
}

export function makeJob(overrides: Partial<ScoreJob> = {}): ScoreJob {
  return {
    version: 1,
    kind: 'score',
    runId: randomUUID(),
    submissionId: randomUUID(),
    competitionId: randomUUID(),
    phaseId: randomUUID(),
    taskId: randomUUID(),
    attempt: 1,
    token: `tok-${randomUUID()}-${randomUUID()}`,
    image: 'codalab/codalab-legacy:py37',
    limits: { timeLimitSec: 60, memoryMb: 256, cpus: 1, pids: 64 },
    files: ['scoring_program', 'submission', 'reference_data'],
    ingestionOnlyDuringScoring: false,
    scoreKeys: ['accuracy'],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export function testConfig(workDir: string, env: Record<string, string> = {}): WorkerConfig {
  return loadWorkerConfig({
    WORKER_WORK_DIR: workDir,
    WORKER_NAME: `test-${randomUUID().slice(0, 8)}`,
    WORKER_IMAGE_MAP: 'codalab/codalab-legacy:*=arena/python:3.11',
    WORKER_HTTP_TIMEOUT_MS: '5000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
}

/** Containers still present (running or not) for a run; every test expects none once the run ended. */
export async function containersOfRun(runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`arena.run=${runId}`] } });
}
