import { execFile, execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';

// Asynchronous on purpose: the API under test runs in this process and must keep serving meanwhile.
const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args, { timeout: 10_000 });

/**
 * Hosts on one machine, made with network namespaces (Debian's iproute2): the "server host" is the root namespace,
 * seen by the others only at `serverAddress` (an address on its loopback); each other host is a namespace whose one
 * link is a veth pair to the root namespace, with its default route over it. Nothing listening on 127.0.0.1 in the
 * root namespace can be reached from them: a service is offered to them only by binding (or forwarding) it on
 * `serverAddress`, and cutting a host's link (`cut`) leaves its connections hanging, as a pulled cable does.
 */
export interface VirtualHosts {
  serverAddress: string;
  hosts: VirtualHost[];
  /** Offers a root-namespace TCP service (e.g. the broker on 127.0.0.1:5672) on serverAddress:port. */
  forward(port: number, to: { host: string; port: number }): Promise<void>;
  /** Removes the namespaces, links, address and forwarders; safe after a partial start. */
  close(): Promise<void>;
}

export interface VirtualHost {
  /** The namespace's name, for `ip netns exec`. */
  netns: string;
  address: string;
  /** `ip link set <its link> down`: the host drops off the network (its processes keep running). */
  cut(): Promise<void>;
  restore(): Promise<void>;
}

/**
 * Why the capability is missing here (not root, no iproute2, namespaces refused), or null where hosts can be made.
 * Synchronous, for describe.skipIf at a test file's top level.
 */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) {
    return 'network namespaces need root';
  }
  const probe = `arena-probe-${randomInt(1e6)}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe', timeout: 10_000 });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe', timeout: 10_000 });
    return null;
  } catch (e) {
    return `ip netns is not usable here: ${(e as Error).message.split('\n')[0]}`;
  }
}

export async function createVirtualHosts(count: number): Promise<VirtualHosts> {
  // A random /16 of 10.0.0.0/8 and random names, so that two test files (or a leftover) never collide.
  const net = `10.${200 + randomInt(50)}`;
  const tag = randomInt(36 ** 4).toString(36);
  const serverAddress = `${net}.0.1`;
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const made: { netns?: string; link?: string; address?: boolean }[] = [];
  const close = async () => {
    for (const s of sockets) {
      s.destroy();
    }
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    for (const m of made.reverse()) {
      if (m.link) {
        await ip('link', 'del', m.link).catch(() => undefined);
      }
      if (m.netns) {
        await ip('netns', 'del', m.netns).catch(() => undefined);
      }
      if (m.address) {
        await ip('addr', 'del', `${serverAddress}/32`, 'dev', 'lo').catch(() => undefined);
      }
    }
  };
  try {
    await ip('addr', 'add', `${serverAddress}/32`, 'dev', 'lo');
    made.push({ address: true });
    const hosts: VirtualHost[] = [];
    for (let i = 1; i <= count; i++) {
      const netns = `arena-${tag}-${i}`;
      const outside = `ar${tag}h${i}`;
      const inside = `ar${tag}w${i}`;
      await ip('netns', 'add', netns);
      made.push({ netns });
      await ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
      made.push({ link: outside });
      await ip('link', 'set', inside, 'netns', netns);
      await ip('addr', 'add', `${net}.${i}.1/30`, 'dev', outside);
      await ip('link', 'set', outside, 'up');
      const inNs = (...args: string[]) => ip('-n', netns, ...args);
      await inNs('link', 'set', 'lo', 'up');
      await inNs('addr', 'add', `${net}.${i}.2/30`, 'dev', inside);
      await inNs('link', 'set', inside, 'up');
      await inNs('route', 'add', 'default', 'via', `${net}.${i}.1`);
      hosts.push({
        netns,
        address: `${net}.${i}.2`,
        cut: async () => void (await ip('link', 'set', outside, 'down')),
        restore: async () => void (await ip('link', 'set', outside, 'up')),
      });
    }
    const forward = async (port: number, to: { host: string; port: number }) => {
      const server = createServer((client) => {
        const upstream = createConnection(to);
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
      });
      servers.push(server);
      await new Promise<void>((res, rej) => server.once('error', rej).listen(port, serverAddress, () => res()));
    };
    return { serverAddress, hosts, forward, close };
  } catch (e) {
    await close();
    throw e;
  }
}
