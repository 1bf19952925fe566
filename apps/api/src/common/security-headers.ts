import helmet from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * What an API answer may do once a browser holds it: nothing. JSON, CSVs, zips, logs and logos are data, never
 * documents, so even a stored file a browser would render (an HTML log, an SVG logo opened in a tab) runs no script,
 * loads nothing and cannot be framed.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/**
 * Helmet's headers on every answer (nosniff, frame and referrer policies, HSTS, cross-origin isolation of resources),
 * as the web app's pages already had. Content-Security-Policy: the strict one above on the API; Swagger UI
 * (/api/docs) keeps Helmet's default, which its own scripts and styles need; the web app's pages set their own
 * (web-app.ts), which replaces these when the page is sent.
 *
 * Helmet's headers are the same on every answer, so they are worked out once, at start, and set by one hook:
 * @fastify/helmet builds Helmet anew for every request (its policy parsed each time), which cost more than the rest
 * of a cached board read (measured: about 2.5 times the CPU per request of the same route without it).
 */
export async function secureHeaders(fastify: FastifyInstance): Promise<void> {
  const headers = await helmetHeaders();
  const api = { ...headers, 'content-security-policy': API_CSP };
  fastify.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?', 1)[0];
    void reply.headers((path === '/api' || path.startsWith('/api/')) && !path.startsWith('/api/docs') ? api : headers);
    done();
  });
}

/** The headers @fastify/helmet adds to an answer: one request to a throwaway server with it, less one without it. */
async function helmetHeaders(): Promise<Record<string, string | string[]>> {
  const answer = async (withHelmet: boolean) => {
    const probe = new FastifyAdapter().getInstance();
    if (withHelmet) {
      await probe.register(helmet, { global: true });
    }
    probe.get('/', (_req, reply) => void reply.send(''));
    const res = await probe.inject('/');
    await probe.close();
    return res.headers;
  };
  const plain = await answer(false);
  const secured = await answer(true);
  return Object.fromEntries(
    Object.entries(secured)
      .filter(([name, value]) => !(name in plain) && value !== undefined)
      .map(([name, value]) => [name, typeof value === 'number' ? String(value) : value!]),
  );
}
