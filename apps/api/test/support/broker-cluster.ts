import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

// Asynchronous on purpose: the API and the worker under test run in this process and must keep serving meanwhile.
const run = promisify(execFile);
const START = resolve(__dirname, '../../../../deploy/start-rabbitmq.sh');

export interface ClusterNode {
  node: string;
  dir: string;
  port: number;
  mgmtUrl: string;
}

/**
 * A 3-node RabbitMQ cluster of Debian's rabbitmq-server on this machine (node names rabbit-cN@localhost, their own
 * ports and state folders, one Erlang cookie), started with the project's deploy script and clustered as they boot
 * (classic_config peer discovery). Clients reach it through `url`, a TCP front that sends each new connection to the first
 * node that accepts it, as a load balancer in front of a cluster does: a client whose node went reconnects to another.
 */
export interface BrokerCluster {
  nodes: ClusterNode[];
  /** amqp://admin:admin@127.0.0.1:<front port> */
  url: string;
  /** SIGKILL of the node's Erlang VM: the node is gone at once, as a machine that died. */
  kill(node: ClusterNode): Promise<void>;
  close(): Promise<void>;
}

const NODES = [1, 2, 3].map((i) => ({
  node: `rabbit-c${i}@localhost`,
  dir: `/tmp/rabbitmq-cluster-test-${i}`,
  port: 5680 + i,
  mgmtPort: 15680 + i,
  distPort: 25680 + i,
}));

export async function startBrokerCluster(): Promise<BrokerCluster> {
  for (const n of NODES) {
    await killNode(n.node);
    await rm(n.dir, { recursive: true, force: true });
  }
  const env = (n: (typeof NODES)[number]) => ({
    ...process.env,
    RMQ_DIR: n.dir,
    RMQ_NODE: n.node,
    RMQ_PORT: String(n.port),
    RMQ_MGMT_PORT: String(n.mgmtPort),
    RMQ_DIST_PORT: String(n.distPort),
    // Fresh nodes that list each other form the cluster as they boot (no stop_app / join_cluster / start_app).
    RMQ_EXTRA_CONF: [
      'cluster_formation.peer_discovery_backend = classic_config',
      ...NODES.map((m, i) => `cluster_formation.classic_config.nodes.${i + 1} = ${m.node}`),
    ].join('\n'),
  });
  await Promise.all(NODES.map((n) => run('bash', [START], { env: env(n), timeout: 180_000 })));
  await ctl(NODES[0].dir, 'await_online_nodes', '3', '--timeout', '120');

  const sockets = new Set<Socket>();
  const front: Server = createServer((client) => {
    client.pause();
    const tryNode = (i: number) => {
      if (i >= NODES.length) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port: NODES[i].port });
      upstream.once('error', () => tryNode(i + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        sockets.add(client).add(upstream);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNode(0);
  });
  await new Promise<void>((res, rej) => front.once('error', rej).listen(0, '127.0.0.1', () => res()));
  const { port } = front.address() as { port: number };
  return {
    nodes: NODES.map((n) => ({
      node: n.node,
      dir: n.dir,
      port: n.port,
      mgmtUrl: `http://admin:admin@127.0.0.1:${n.mgmtPort}`,
    })),
    url: `amqp://admin:admin@127.0.0.1:${port}`,
    kill: (n) => killNode(n.node),
    close: async () => {
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise((r) => front.close(r));
      for (const n of NODES) {
        await killNode(n.node);
        await rm(n.dir, { recursive: true, force: true });
      }
    },
  };
}

async function ctl(dir: string, ...args: string[]): Promise<void> {
  await run(
    'runuser',
    ['-u', 'rabbitmq', '--', 'sh', '-c', `. ${dir}/env.sh; /usr/lib/rabbitmq/bin/rabbitmqctl ${args.join(' ')}`],
    { timeout: 120_000 },
  );
}

/** By the node name in the Erlang VM's environment (never another broker's VM, nor the shared epmd). */
async function killNode(node: string): Promise<void> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    if ((await readFile(`/proc/${name}/comm`, 'utf8').catch(() => '')).trim() !== 'beam.smp') {
      continue;
    }
    const environ = await readFile(`/proc/${name}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').includes(`RABBITMQ_NODENAME=${node}`)) {
      pids.push(Number(name));
    }
  }
  for (const pid of pids) {
    process.kill(pid, 'SIGKILL');
  }
  for (let i = 0; i < 100 && pids.some(alive); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
