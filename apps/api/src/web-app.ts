import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

// Scripts only from our origin, no plugins, no framing of the app: a second wall behind the sanitizing of pages.
// Styles allow inline attributes because sanitized competition pages keep `style`.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "connect-src 'self'",
  "frame-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS: Record<string, string> = {
  'cache-control': 'no-cache',
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * Serves the built single-page app: its files, then index.html for any other GET that is not under /api and does not
 * name a file (client-side routes such as /competitions/:id). Hashed assets are cached for long; index.html never.
 * API paths never look on disk; a missing file (/favicon.ico, a stale /assets/x.js) gets the API's 404, not the page.
 */
export function serveWebApp(app: NestFastifyApplication, webRoot: string): void {
  const index = join(webRoot, 'index.html');
  const assets = join(webRoot, 'assets');
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(fastifyStatic, {
    root: webRoot,
    index: false,
    setHeaders(reply, path) {
      void reply.header('x-content-type-options', 'nosniff');
      if (path.startsWith(assets)) {
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
      }
      if (path.endsWith('.html')) {
        void reply.headers(PAGE_HEADERS);
      }
    },
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return;
    }
    const path = req.url.split('?', 1)[0];
    if (isApiPath(path) || isDocsPath(path) || /\.[A-Za-z0-9]+$/.test(path)) {
      return;
    }
    // Read on each page load (not per API request): a rebuilt app is served without a restart.
    await reply
      .headers(PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(await readFile(index));
  });
}

/** The documentation site (docs-site.ts) answers these, or the API's 404: never the app's page. */
function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}
