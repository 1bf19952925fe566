import type { Schema } from '@arena/api-client';
import type { Command } from 'commander';
import { call, requireSession } from '../api/arena-api';
import type { CliEnv } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { runReporting } from './command-runner';

export interface QueueCreateOptions {
  public?: boolean;
  gpu?: boolean;
  json?: boolean;
}

export interface QueueJsonOption {
  json?: boolean;
}

const SHOWN_ONCE =
  'warning: the broker URL below holds the password and is shown only now: store it in your worker configuration ' +
  '(arena queue rotate <id> issues new credentials)';

/** `arena queue create <name>`: a queue of your own for your workers; its credentials are printed once. */
export async function queueCreate(name: string, options: QueueCreateOptions, io: CliIo, env: CliEnv): Promise<number> {
  return runReporting('arena queue create', io, async () => {
    const session = await requireSession(env);
    const queue = await call(session, () =>
      session.client.POST('/api/queues', {
        body: { name, isPublic: Boolean(options.public), requiresGpu: Boolean(options.gpu) },
      }),
    );
    printCredentials(queue, `created queue ${queue.id}: ${queue.name}`, options, io);
    return ExitCode.ok;
  });
}

/** `arena queue rotate <id>`: new broker credentials; workers using the old ones are disconnected. */
export async function queueRotate(id: string, options: QueueJsonOption, io: CliIo, env: CliEnv): Promise<number> {
  return runReporting('arena queue rotate', io, async () => {
    const session = await requireSession(env);
    const queue = await call(session, () =>
      session.client.POST('/api/queues/{id}/rotate', { params: { path: { id } } }),
    );
    const headline = `new credentials for queue ${queue.id}: ${queue.name} (workers using the old ones are disconnected)`;
    printCredentials(queue, headline, options, io);
    return ExitCode.ok;
  });
}

/** `arena queue delete <id>`: competitions still sending their jobs there go back to the default queue. */
export async function queueDelete(id: string, io: CliIo, env: CliEnv): Promise<number> {
  return runReporting('arena queue delete', io, async () => {
    const session = await requireSession(env);
    await call(session, () => session.client.DELETE('/api/queues/{id}', { params: { path: { id } } }));
    io.out(`deleted queue ${id} with its broker vhost and credentials`);
    return ExitCode.ok;
  });
}

function printCredentials(
  queue: Schema<'QueueCredentialsDto'>,
  headline: string,
  options: QueueJsonOption,
  io: CliIo,
): void {
  io.err(SHOWN_ONCE);
  if (options.json) {
    io.out(JSON.stringify(queue, null, 2));
    return;
  }
  io.out(headline);
  io.out(`  public:        ${queue.isPublic ? 'yes' : 'no'}`);
  io.out(`  requires GPU:  ${queue.requiresGpu ? 'yes' : 'no'}`);
  io.out(`  vhost:         ${queue.vhost}`);
  io.out(`  WORKER_QUEUE=${queue.jobQueue}`);
  io.out(`  AMQP_URL=${queue.brokerUrl}`);
  io.out('  start a worker with:');
  io.out(`    ${queue.workerCommand}`);
}

export function registerQueueCommands(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  const queue = program.command('queue').description('your own job queues, for your own compute workers');
  queue
    .command('create')
    .description('create a queue; its broker credentials are printed once')
    .argument('<name>', 'a name for people, e.g. "Lab GPU box"')
    .option('--public', 'any organizer may send competitions to it')
    .option('--gpu', 'its jobs need GPU workers')
    .option('--json', 'print the queue and its credentials as JSON')
    .action(async (name: string, options: QueueCreateOptions) => setExit(await queueCreate(name, options, io, env)));
  queue
    .command('rotate')
    .description('issue new broker credentials (printed once); workers using the old ones are disconnected')
    .argument('<id>', 'queue id')
    .option('--json', 'print the queue and its credentials as JSON')
    .action(async (id: string, options: QueueJsonOption) => setExit(await queueRotate(id, options, io, env)));
  queue
    .command('delete')
    .description('delete a queue with its broker vhost and credentials')
    .argument('<id>', 'queue id')
    .action(async (id: string) => setExit(await queueDelete(id, io, env)));
}
