import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { takeJob } from '../support/take-job';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** The organizer's insight page in Chromium against the real API serving the built web app. */
describe('web app: organizer insight', () => {
  let platform: Platform;
  let browser: Browser;
  let organizer: { client: HttpClient; token: string };
  let participant: { client: HttpClient; token: string };
  let competitionId: string;

  const contextFor = async (token: string): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(token)})`);
    return context;
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-insight', web: true, worker: false });
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
    participant = await signUp('ada');
    const bundle = await zipFolder(join(EXAMPLE, 'bundle'), join(platform.tmp, 'bundle.zip'));
    const created = await organizer.client.upload('/api/competitions', 'bundle', bundle);
    expect(created.status).toBe(201);
    await organizer.client.publish(created);
    competitionId = created.body.id;
    const phaseId = created.body.phases[0].id as string;
    await participant.client.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'results.zip'));
    // Two scored, one failed: reported as a worker would, with the job token taken off the real queue.
    for (const outcome of ['finished', 'finished', 'failed'] as const) {
      const s = await participant.client.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
      expect(s.status).toBe(201);
      const job = await takeJob(platform.queue, 20_000);
      const body =
        outcome === 'finished'
          ? { version: 1, status: outcome, scores: { accuracy: 0.8, f1: 0.7 }, exitCode: 0, elapsedMs: 4000 }
          : {
              version: 1,
              status: outcome,
              failure: { code: 'program_error', message: 'boom' },
              exitCode: 1,
              elapsedMs: 10,
            };
      const worker = anon.as(job.token);
      expect((await worker.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w1' })).status).toBe(
        200,
      );
      const r = await worker.json('POST', workerRoutes.result(job.runId), body);
      expect(r.body).toMatchObject({ stored: true });
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('draws the charts with their figures and downloads the CSV', async () => {
    const page = await (await contextFor(organizer.token)).newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${platform.api.url}/organize/competitions/${competitionId}`);
    await page.getByRole('link', { name: 'Insight' }).click();
    await page.getByRole('heading', { name: 'Insight', level: 1 }).waitFor();
    const totals = page.getByTestId('insight-totals');
    await expect.poll(() => totals.textContent()).toContain('Submissions3');
    expect(await totals.textContent()).toContain('Active participants1');
    expect(await page.getByTestId('failures-table').textContent()).toContain('program_error1');
    await page.getByText('Figures').click();
    expect(await page.getByTestId('per-day-table').locator('tbody tr td').allTextContents()).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      '3',
      '1',
      '1',
    ]);
    expect(await page.getByTestId('run-time-table').locator('tbody td').first().textContent()).toBe('3');
    // The charts drew on their canvases (a blank canvas encodes to a short, constant PNG).
    for (const id of ['chart-per-day', 'chart-failures', 'chart-queue-wait', 'chart-run-time']) {
      const canvas = page.getByTestId(id);
      expect(await canvas.getAttribute('aria-label')).toBeTruthy();
      // Runs in the page; this project's tsconfig has no DOM types, hence the shapes spelled out.
      type Canvas = { width: number; height: number; toDataURL(): string };
      const blank = await canvas.evaluate((c: Canvas) => {
        const doc = (globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } }).document;
        const empty = Object.assign(doc.createElement('canvas'), { width: c.width, height: c.height });
        return c.toDataURL() === empty.toDataURL();
      });
      expect(blank, id).toBe(false);
    }
    await page.getByText('Best so far: 0.8').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv).toContain('failures,,program_error,1');
    await screenshot(page, 'web-insight');
    expect(pageErrors).toEqual([]);
  });

  it('tells a participant the page is for organizers', async () => {
    const page = await (await contextFor(participant.token)).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${platform.api.url}/organize/competitions/${competitionId}/insight`);
    await page.getByRole('alert').filter({ hasText: 'only the organizers' }).waitFor();
  });
});
