import helmet from '@fastify/helmet';
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
 */
export function secureHeaders(fastify: FastifyInstance): void {
  void fastify.register(helmet, { global: true });
  fastify.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?', 1)[0];
    if ((path === '/api' || path.startsWith('/api/')) && !path.startsWith('/api/docs')) {
      void reply.header('content-security-policy', API_CSP);
    }
  });
}
