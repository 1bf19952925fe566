import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const DOCS_PREFIX = '/docs';

/**
 * Serves the built documentation site (docs/, VitePress, built into dist/docs) under /docs: plain files, each folder's
 * index.html, `/docs` redirected to `/docs/`. A missing page gets the API's 404.
 */
export function serveDocs(app: NestFastifyApplication, docsRoot: string): void {
  const csp = docsCsp(docsRoot);
  const assets = join(docsRoot, 'assets');
  const fastify = app.getHttpAdapter().getInstance();
  // The router ignores trailing slashes, so folders are answered here: `/docs` is redirected to `/docs/` (relative
  // links need the slash) and a folder's path gets its index.html.
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return;
    }
    const [path, query] = req.url.split('?', 2);
    if (path === DOCS_PREFIX) {
      await reply.redirect(`${DOCS_PREFIX}/${query === undefined ? '' : `?${query}`}`, 301);
      return;
    }
    if (!path.startsWith(`${DOCS_PREFIX}/`) || !path.endsWith('/')) {
      return;
    }
    const folder = decoded(path.slice(DOCS_PREFIX.length + 1));
    if (
      folder === null ||
      folder.split('/').some((part) => part === '..' || part.includes('\\') || part.includes('\0'))
    ) {
      return;
    }
    const index = join(docsRoot, folder, 'index.html');
    if (!existsSync(index)) {
      return;
    }
    await reply
      .headers({ 'cache-control': 'no-cache', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' })
      .type('text/html; charset=utf-8')
      .send(await readFile(index));
  });
  void fastify.register(fastifyStatic, {
    root: docsRoot,
    prefix: `${DOCS_PREFIX}/`,
    // The web app registered the reply decorators already.
    decorateReply: false,
    index: ['index.html'],
    setHeaders(reply, path) {
      void reply.header('x-content-type-options', 'nosniff');
      if (path.startsWith(assets)) {
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
      }
      if (path.endsWith('.html')) {
        void reply.headers({ 'cache-control': 'no-cache', 'content-security-policy': csp });
      }
    },
  });
}

/**
 * The docs' pages run their own scripts only: the theme's two inline scripts (dark mode, platform class) are allowed
 * by their hashes, taken from the built pages at boot, so no 'unsafe-inline' is needed.
 */
export function docsCsp(docsRoot: string): string {
  const hashes = new Set<string>();
  for (const page of htmlFiles(docsRoot)) {
    for (const m of readFileSync(page, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      if (m[1].trim() !== '') {
        hashes.add(`'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
      }
    }
  }
  return [
    "default-src 'self'",
    `script-src 'self' ${[...hashes].sort().join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'assets' ? [] : htmlFiles(path);
    }
    return e.name.endsWith('.html') ? [path] : [];
  });
}
