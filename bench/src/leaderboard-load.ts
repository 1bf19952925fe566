import { Agent, request } from 'node:http';
import type { Pool } from 'pg';

export interface LoadResult {
  latencies: number[];
  errors: number;
  seconds: number;
}

/** `clients` loops, each issuing its next call as soon as the previous one answered, for `seconds`. */
export async function closedLoop(
  clients: number,
  seconds: number,
  call: (client: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await call(client);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - start) / 1000 };
}

/** GET over a keep-alive pool sized to the clients: Node's cheapest client, so that it loads the server, not itself. */
export function httpGetter(baseUrl: string, sockets: number): (path: string, token?: string) => Promise<number> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return (path, token) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path, agent, headers: token ? { authorization: `Bearer ${token}` } : {} },
        (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => {
            if (res.statusCode === 200) {
              resolve(bytes);
            } else {
              reject(new Error(`HTTP ${res.statusCode} ${path}`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
}

export async function rawQuery(pool: Pool, name: string, text: string, values: unknown[]): Promise<number> {
  return (await pool.query({ name, text, values })).rowCount ?? 0;
}
