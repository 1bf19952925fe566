import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_ROOT, launchBrowser, screenshot } from '../support/browser';
import { type Platform, startPlatform } from '../support/platform';

/**
 * The documentation site in Chromium as the API serves it at /docs: the theme's scripts run under the docs' CSP (the
 * dark-mode script is allowed by its hash, nothing is refused), the client router follows sidebar links, the
 * generated references open at a key's anchor, search finds a page, and the screenshots load.
 */
describe('docs site in the browser', () => {
  let platform: Platform;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(DOCS_ROOT, 'index.html'))) {
      throw new Error(`${DOCS_ROOT} is missing: build first (npx nx run docs:build)`);
    }
    platform = await startPlatform({ prefix: 'web-docs', web: true, worker: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('renders under its CSP, navigates, opens a key of the reference, finds a page by search', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') {
        problems.push(m.text());
      }
    });
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) {
        failed.push(`${r.status()} ${r.url()}`);
      }
    });

    await page.goto(`${platform.api.url}/docs`);
    await page.getByText('Data-science competitions and benchmarks').waitFor();
    // The inline dark-mode script ran: its hash is in the CSP.
    expect(await page.evaluate(`document.documentElement.classList.contains('dark')`)).toBe(true);
    await screenshot(page, 'docs-01-home', { fullPage: false });

    await page.getByRole('link', { name: 'Organize a competition' }).click();
    await page.waitForURL(/\/docs\/organizers\/first-competition\.html$/);
    await page.getByRole('heading', { name: 'Your first competition' }).waitFor();
    const shot = page.locator('figure.screenshot img').first();
    await shot.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        shot.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0),
      )
      .toBe(true);

    await page.locator('.VPSidebar').getByRole('link', { name: 'competition.yaml reference' }).click();
    await page.waitForURL(/\/docs\/reference\/competition-yaml\.html$/);
    await page.goto(`${platform.api.url}/docs/reference/competition-yaml.html#v2-phases-auto_migrate_to_this_phase`);
    await page.locator('#v2-phases-auto_migrate_to_this_phase').waitFor({ state: 'attached' });
    await expect
      .poll(() =>
        page.evaluate<number>(
          `document.getElementById('v2-phases-auto_migrate_to_this_phase').getBoundingClientRect().top`,
        ),
      )
      .toBeLessThan(400);
    await screenshot(page, 'docs-02-reference', { fullPage: false });

    await page
      .getByRole('button', { name: /search/i })
      .first()
      .click();
    await page.getByPlaceholder(/search/i).fill('WORKER_IMAGE_MAP');
    await page.locator('.VPLocalSearchBox .result').first().waitFor();
    expect(await page.locator('.VPLocalSearchBox .result').count()).toBeGreaterThan(0);

    expect(problems).toEqual([]);
    expect(failed).toEqual([]);
  });
});
