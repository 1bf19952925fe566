import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';

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

/**
 * Serves the built single-page app: its files, then index.html for any other GET that is not under /api and does not
 * name a file (client-side routes such as /competitions/:id). Hashed assets are cached for long; index.html never.
 */
export function serveWebApp(app: INestApplication, webRoot: string): void {
  const index = join(webRoot, 'index.html');
  const assets = join(webRoot, 'assets');
  const files = express.static(webRoot, {
    index: false,
    setHeaders(res, path) {
      res.setHeader('x-content-type-options', 'nosniff');
      if (path.startsWith(assets)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      if (path.endsWith('.html')) pageHeaders(res);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // API routes never look on disk: a file lookup per API request costs a thread-pool round trip (a stat that fails).
    if (isApiPath(req.path)) return next();
    files(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // API routes, and missing files (/favicon.ico, a stale /assets/x.js) get the API's 404, not the page.
    if (isApiPath(req.path) || /\.[A-Za-z0-9]+$/.test(req.path)) return next();
    pageHeaders(res);
    res.sendFile(index);
  });
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function pageHeaders(res: Response): void {
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
}
