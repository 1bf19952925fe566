import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** The public status page (from the footer) and a competition's queue on its Insight page, in Chromium. */
describe('web app: status page', () => {
  let platform: Platform;
  let browser: Browser;
  let organizer: { client: HttpClient; token: string };
  let competitionId: string;
  let queueId: string;

  beforeAll(async () => {
    platform = await startPlatform({
      prefix: 'web-status',
      web: true,
      worker: false,
      apiEnv: { RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl },
    });
    const anon = new HttpClient(platform.api.url);
    const signUp = async (prefix: string) => {
      const name = `${prefix}${randomBytes(3).toString('hex')}`;
      const r = await anon.json('POST', '/api/auth/signup', {
        email: `${name}@example.org`,
        username: name,
        password: 'correct horse battery',
      });
      expect(r.status).toBe(201);
      return { client: anon.as(r.body.token), token: r.body.token as string };
    };
    organizer = await signUp('org');
    const participant = await signUp('ada');
    const created = await organizer.client.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(EXAMPLE, 'bundle'), join(platform.tmp, 'bundle.zip')),
    );
    expect(created.status).toBe(201);
    await organizer.client.publish(created);
    competitionId = created.body.id;
    await participant.client.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'results.zip'));
    for (let i = 0; i < 2; i++) {
      const s = await participant.client.upload(
        `/api/phases/${created.body.phases[0].id}/submissions`,
        'file',
        results,
      );
      expect(s.status).toBe(201);
    }
    // A shared organizer queue: on the public page by number only.
    const queue = await organizer.client.json('POST', '/api/queues', { name: 'secret lab box', isPublic: true });
    expect(queue.status).toBe(201);
    queueId = queue.body.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (queueId) {
      await organizer.client.json('DELETE', `/api/queues/${queueId}`);
    }
    await platform?.close();
  });

  it("shows anyone the public queues' load from the footer, naming no organizer queue", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(platform.api.url);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { name: 'Status', level: 1 }).waitFor();
    const table = page.getByTestId('queue-status');
    await table.getByRole('rowheader', { name: 'Shared queue 1' }).waitFor();
    const platformRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Platform queue' }) });
    expect(await platformRow.locator('td').allTextContents()).toEqual(['2', '0', '0', '0', '-']);
    expect(await page.content()).not.toContain('secret lab box');
    expect(await page.title()).toContain('Status');
    await screenshot(page, 'web-status');
    expect(pageErrors).toEqual([]);
  });

  it("shows the competition's organizers its queue and its share on the Insight page", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(organizer.token)})`);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${platform.api.url}/organize/competitions/${competitionId}/insight`);
    await page.getByRole('heading', { name: 'Queue now' }).waitFor();
    await expect
      .poll(() => page.getByTestId('competition-queue-share').textContent())
      .toContain('This competition: 2 waiting, 0 running');
  });
});
