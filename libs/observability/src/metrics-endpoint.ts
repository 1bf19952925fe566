import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsEndpointOptions {
  registry: Registry;
  /** 0 picks a free port (tests); the caller decides whether to serve at all. */
  port: number;
  host: string;
  /** When set, a scrape must send `Authorization: Bearer <token>`; others get 401. */
  token?: string;
}

export interface MetricsEndpoint {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /metrics` in Prometheus' text format on a listener of its own, apart from the API's public port: an Ingress or
 * a load balancer in front of the API never exposes it, and Prometheus reaches it on the pod's address. Nothing else
 * is served there (404), only GET and HEAD (405).
 */
export function serveMetrics(options: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const expected = options.token ? digest(`Bearer ${options.token}`) : null;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('only GET\n');
      return;
    }
    if (expected && !authorized(req, expected)) {
      res
        .writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' })
        .end('a metrics token is required\n');
      return;
    }
    options.registry.metrics().then(
      (text) =>
        res
          .writeHead(200, { 'content-type': options.registry.contentType })
          .end(req.method === 'HEAD' ? undefined : text),
      (e: Error) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics could not be collected: ${e.message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Compared as digests, in constant time: the header's length tells nothing either. */
function authorized(req: IncomingMessage, expected: Buffer): boolean {
  const given = req.headers.authorization;
  return typeof given === 'string' && timingSafeEqual(digest(given), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
