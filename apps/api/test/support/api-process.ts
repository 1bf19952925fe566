import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TEST_ENV, TEST_RATE_LIMITS } from './test-env';

const MAIN = resolve(__dirname, '../../../../dist/apps/api/main.js');

/** The built API as its own OS process, so that a test can kill -9 it mid-work like a crash, then start it again. */
export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** What the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, as a crash: no shutdown hook runs. Resolves once it exited. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop); killed if still running after 5 s. */
  stop(): Promise<void>;
}

/** Starts dist/apps/api/main.js on a free port with the test services and `env`; resolves once it answers. */
export async function spawnApi(env: Record<string, string>, startTimeoutMs = 30_000): Promise<ApiProcess> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: build first (npx nx run api:build)`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      AMQP_URL: TEST_ENV.amqpUrl,
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
      LOG_LEVEL: 'warn',
      ...TEST_RATE_LIMITS,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (printed += d.toString()));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (gone()) {
      throw new Error(`the API exited at start:\n${printed}`);
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer within ${startTimeoutMs / 1000} s:\n${printed}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => printed,
    kill: async () => {
      if (!gone()) {
        child.kill('SIGKILL');
      }
      await exited;
    },
    stop: async () => {
      if (gone()) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => res(port));
    });
  });
}
