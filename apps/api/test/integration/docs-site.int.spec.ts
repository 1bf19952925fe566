import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../src/config/api-config';
import { createApp } from '../../src/create-app';
import { WEB_ROOT } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';

const DOCS_ROOT = resolve(__dirname, '../../../../dist/docs');

/** The built documentation site under /docs, beside the web app at / and the API at /api, as production serves them. */
describe('the documentation site at /docs', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(join(DOCS_ROOT, 'index.html'))) {
      throw new Error(`${DOCS_ROOT} is missing: build first (npx nx run docs:build)`);
    }
    db = await createTestDatabase();
    app = await createApp(loadApiConfig({ AMQP_URL: TEST_ENV.amqpUrl, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), {
      webRoot: WEB_ROOT,
      docsRoot: DOCS_ROOT,
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves the home page, each section and the generated references, with a CSP that allows only its own scripts', async () => {
    const redirect = await fetch(`${url}/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');
    for (const path of [
      '/docs/',
      '/docs/participants/',
      '/docs/organizers/first-competition.html',
      '/docs/reference/competition-yaml.html',
      '/docs/reference/configuration.html',
    ]) {
      const r = await fetch(`${url}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
      expect(csp).not.toContain("unsafe-inline'; object");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const reference = await (await fetch(`${url}/docs/reference/competition-yaml.html`)).text();
    expect(reference).toContain('id="v2-phases-auto_migrate_to_this_phase"');
  });

  it('answers a missing page with a 404, not the web app, and leaves the app and the API as they were', async () => {
    const missing = await fetch(`${url}/docs/no-such-page.html`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
    const appPage = await fetch(`${url}/competitions/123`);
    expect(appPage.status).toBe(200);
    expect(await appPage.text()).not.toContain('VitePress');
    expect((await fetch(`${url}/api/competitions`)).status).toBe(200);
  });
});
