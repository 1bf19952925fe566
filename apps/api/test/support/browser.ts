import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadApiConfig } from '../../src/config/api-config';
import { createApp } from '../../src/create-app';
import type { TestApi } from './test-api';
import { TEST_ENV, TEST_RATE_LIMITS } from './test-env';

const ROOT = resolve(__dirname, '../../../..');
/** The built web app: `npx nx run-many -t build` (or `npx nx run web:build`) first. */
export const WEB_ROOT = join(ROOT, 'dist/apps/web');
export const SCREENSHOTS = join(ROOT, 'artifacts/screenshots');
/** The built docs site (`npx nx run docs:build`), served at /docs beside the web app when present. */
export const DOCS_ROOT = join(ROOT, 'dist/docs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium through playwright-core: no browser download. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** The real API on a random port serving the built web app, as production does. */
export async function startWebApi(env: Record<string, string>): Promise<TestApi> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error(`${WEB_ROOT} is missing: build first (npx nx run web:build)`);
  }
  const config = loadApiConfig({ AMQP_URL: TEST_ENV.amqpUrl, LOG_LEVEL: 'warn', ...TEST_RATE_LIMITS, ...env });
  const app = await createApp(config, { webRoot: WEB_ROOT, docsRoot: DOCS_ROOT });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

/**
 * Saves artifacts/screenshots/<name>.png: the whole page by default. Sandboxed frames render in their own process
 * and only show in a viewport shot (fullPage: false) once scrolled into view.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/**
 * Arms a page so any script from stored content would be noticed: dialogs (alert/confirm/prompt) are recorded and
 * dismissed. Read `page.evaluate(() => window.__xss)` as well for payloads that set a flag.
 */
export function recordDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  return seen;
}
