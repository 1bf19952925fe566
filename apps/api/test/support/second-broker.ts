import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
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

export async function startSecondBroker(): Promise<void> {
  await run('bash', [resolve(__dirname, '../../../../deploy/start-rabbitmq.sh')], { env, timeout: 120_000 });
}

async function ctl(...args: string[]): Promise<void> {
  await run(
    'runuser',
    ['-u', 'rabbitmq', '--', 'sh', '-c', `. ${SECOND_BROKER.dir}/env.sh; /usr/lib/rabbitmq/bin/rabbitmqctl ${args.join(' ')}`],
    { timeout: 120_000 },
  );
}

/** Stops the broker application (every connection drops) and starts it again from its persisted state. */
export async function restartSecondBroker(): Promise<void> {
  await ctl('stop_app');
  await ctl('start_app');
  await ctl('await_startup');
}
