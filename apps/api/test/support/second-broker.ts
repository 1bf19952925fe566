import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Asynchronous on purpose: the API and the worker under test run in this process and must keep serving meanwhile.
const run = promisify(execFile);

/**
 * A RabbitMQ node of the test's own (other ports, other state folder), started with the project's deploy script,
 * so that restarting it cannot disturb the other test files that share the main broker.
 */
export const SECOND_BROKER = {
  dir: '/tmp/rabbitmq-restart-test',
  node: 'rabbit-restart@localhost',
  port: 5673,
  mgmtPort: 15673,
  distPort: 25673,
};

export const secondBrokerUrl = `amqp://admin:admin@127.0.0.1:${SECOND_BROKER.port}`;

const env = {
  ...process.env,
  RMQ_DIR: SECOND_BROKER.dir,
  RMQ_NODE: SECOND_BROKER.node,
  RMQ_PORT: String(SECOND_BROKER.port),
  RMQ_MGMT_PORT: String(SECOND_BROKER.mgmtPort),
  RMQ_DIST_PORT: String(SECOND_BROKER.distPort),
};

/**
 * Starts the node afresh. A node left running by an earlier run is killed and its state removed first: its state
 * folder lives in /tmp, and a node whose files were cleaned away meanwhile fails at the restart this test makes.
 */
export async function startSecondBroker(): Promise<void> {
  await stopLeftoverNode();
  await rm(join(SECOND_BROKER.dir, 'mnesia'), { recursive: true, force: true });
  await run('bash', [resolve(__dirname, '../../../../deploy/start-rabbitmq.sh')], { env, timeout: 120_000 });
}

async function stopLeftoverNode(): Promise<void> {
  // By the node name in the process environment, not the pid file, which may be among the files cleaned away.
  const pids = await nodeProcesses();
  for (const pid of pids) {
    process.kill(pid, 'SIGKILL');
  }
  for (let i = 0; i < 100 && pids.some(alive); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function nodeProcesses(): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    // The Erlang VM only: epmd may have been started from this node's environment, and the main broker needs it.
    if ((await readFile(`/proc/${name}/comm`, 'utf8').catch(() => '')).trim() !== 'beam.smp') {
      continue;
    }
    const environ = await readFile(`/proc/${name}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').includes(`RABBITMQ_NODENAME=${SECOND_BROKER.node}`)) {
      found.push(Number(name));
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ctl(...args: string[]): Promise<void> {
  await run(
    'runuser',
    [
      '-u',
      'rabbitmq',
      '--',
      'sh',
      '-c',
      `. ${SECOND_BROKER.dir}/env.sh; /usr/lib/rabbitmq/bin/rabbitmqctl ${args.join(' ')}`,
    ],
    { timeout: 120_000 },
  );
}

/** Stops the broker application (every connection drops) and starts it again from its persisted state. */
export async function restartSecondBroker(): Promise<void> {
  await ctl('stop_app');
  await ctl('start_app');
  await ctl('await_startup');
}
