import { randomBytes } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PROTOCOL_VERSION, workerRoutes } from '@arena/worker-protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { takeJob } from '../support/take-job';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const TITLE = 'title: Binary classification (Arena example)';
const START = 'start: 2025-01-01';
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/app/program/score.py", line 12, in <module>',
  '    scores = compute(reference, predictions)',
  '  File "/app/program/score.py", line 7, in compute',
  "    return {'accuracy': hits / len(reference)}",
  'ZeroDivisionError: division by zero',
].join('\n');

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Issue 22's participant journeys in Chromium against the real API serving the built web app, at desktop and phone
 * widths (screenshots in artifacts/screenshots/journey-*): the catalogue (logo, organizer, status, counts, search,
 * filters, pages in the URL), the competition's page tabs as URLs, titles and focus after navigation, error pages,
 * registration checked before any upload, a non-zip refused in the browser, a failure's traceback in a scrolling
 * block with a breadcrumb, and the account page (API token shown once, revoked), each page checked with axe-core.
 */
describe('web app: participant journeys (catalogue, context, submitting, account, errors)', () => {
  let platform: Platform;
  let browser: Browser;
  let penguins: { id: string; phaseId: string };
  let failedId: string;
  const people: Record<string, { client: HttpClient; token: string; username: string; id: string }> = {};

  const signUp = async (prefix: string) => {
    const username = `${prefix}${randomBytes(3).toString('hex')}`;
    const anon = new HttpClient(platform.api.url);
    const r = await anon.json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    expect(r.status).toBe(201);
    return { client: anon.as(r.body.token), token: r.body.token as string, username, id: r.body.user.id as string };
  };

  const competition = async (edits: [string, string][]) => {
    const dir = join(platform.tmp, `bundle-${randomBytes(3).toString('hex')}`);
    await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
    let yaml = await readFile(join(dir, 'competition.yaml'), 'utf8');
    for (const [from, to] of edits) {
      yaml = yaml.replace(from, to);
    }
    await writeFile(join(dir, 'competition.yaml'), yaml);
    const created = await people.org.client.upload('/api/competitions', 'bundle', await zipFolder(dir, `${dir}.zip`));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await people.org.client.publish(created);
    return { id: created.body.id as string, phaseId: created.body.phases[0].id as string };
  };

  /** A page at this viewport, signed in with `token` when given (the app keeps its token in localStorage). */
  const pageFor = async (viewport: { width: number; height: number }, token?: string) => {
    const context = await browser.newContext({ viewport, timezoneId: 'UTC', locale: 'en-US' });
    if (token) {
      await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(token)})`);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  };

  /** After a navigation the page's h1 holds the focus, and the tab's title names the page. */
  const expectArrived = async (page: Page, heading: string | RegExp, title: string | RegExp) => {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.tagName')).toBe('H1');
    await expect.poll(() => page.title()).toMatch(title);
  };

  /** Nothing is wider than the viewport (tables and logs scroll inside their own boxes). */
  const expectNoSideScroll = async (page: Page) => {
    const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as number[];
    expect(widths[0], 'page wider than the viewport').toBeLessThanOrEqual(widths[1]);
  };

  const uploadsOf = async (userId: string) =>
    Number(
      (await platform.db.query<{ n: string }>('SELECT count(*) AS n FROM uploads WHERE owner_id = $1', [userId]))[0].n,
    );

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-journeys', web: true, worker: false });
    for (const name of ['org', 'ada', 'bob']) {
      people[name] = await signUp(name);
    }
    await competition([
      [TITLE, 'title: Walrus weighing'],
      [START, 'start: 2099-01-01'],
    ]);
    await competition([
      [TITLE, 'title: Seal spotting'],
      [START, 'start: 2020-01-01\n    end: 2020-06-01'],
    ]);
    // Enough for a second page of twelve.
    for (let i = 0; i < 10; i++) {
      await competition([[TITLE, `title: Filler ${i}`]]);
    }
    // The newest: first in the catalogue.
    penguins = await competition([[TITLE, 'title: Penguin counting']]);
    // Bob took part and his run failed with a traceback.
    expect(
      (await people.bob.client.json('POST', `/api/competitions/${penguins.id}/participation`, { acceptTerms: true }))
        .status,
    ).toBe(200);
    const zip = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'r.zip'));
    const sub = await people.bob.client.upload(`/api/phases/${penguins.phaseId}/submissions`, 'file', zip);
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    failedId = sub.body.id;
    const job = await takeJob(platform.queue);
    const failed = {
      version: PROTOCOL_VERSION,
      status: 'failed',
      failure: {
        code: 'program_error',
        message: `the scoring program (scoring step) exited with code 1; last lines of its stderr:\n${TRACEBACK}`,
      },
      exitCode: 1,
      elapsedMs: 1200,
    };
    const worker = new HttpClient(platform.api.url).as(job.token);
    expect((await worker.json('POST', workerRoutes.result(job.runId), failed)).status).toBe(200);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`a visitor finds a competition in the catalogue and reads it (${vp.name})`, async () => {
      const { page, errors } = await pageFor(vp);
      await page.goto(`${platform.api.url}/`);
      await page.getByTestId('competition-card').first().waitFor();
      expect(await page.title()).toBe('Competitions · Arena');
      expect(await page.getByTestId('catalogue-count').innerText()).toBe('13 competitions, page 1 of 2');
      const card = page.getByTestId('competition-card').filter({ hasText: 'Penguin counting' });
      await card.getByTestId('card-logo').waitFor();
      expect(
        await card.getByTestId('card-logo').evaluate((img) => (img as { naturalWidth: number }).naturalWidth),
      ).toBeGreaterThan(0);
      expect(await card.getByTestId('card-organizer').innerText()).toBe(people.org.username);
      expect(await card.getByTestId('card-status').innerText()).toBe('Open');
      // Ada registers in the desktop run's second test, before the phone run.
      expect(await card.getByTestId('card-counts').innerText()).toBe(
        vp.name === 'desktop' ? '1 participant · 1 submission' : '2 participants · 1 submission',
      );
      await expectNoSeriousA11yViolations(page, `catalogue (${vp.name})`);
      await expectNoSideScroll(page);
      await screenshot(page, `journey-${vp.name}-01-catalogue`);
      if (vp.name === 'phone') {
        // The interactions are the same at both widths: the phone run checks the layouts and what it reads.
        await page.getByRole('link', { name: 'Penguin counting' }).click();
        await expectArrived(page, 'Penguin counting', 'Overview · Penguin counting · Arena');
        await expectNoSeriousA11yViolations(page, `competition (${vp.name})`);
        await expectNoSideScroll(page);
        await screenshot(page, `journey-${vp.name}-02-competition`);
        await page.goto(`${platform.api.url}/competitions/not-a-uuid`);
        await page.getByRole('heading', { level: 1, name: 'Competition not found' }).waitFor();
        await expectNoSideScroll(page);
        expect(errors).toEqual([]);
        return page.context().close();
      }

      // Pages, filters and sort are in the URL: the back button returns to the page before.
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL(/\?page=2$/);
      await page.getByTestId('catalogue-count').filter({ hasText: 'page 2 of 2' }).waitFor();
      await page.goBack();
      await page.getByTestId('catalogue-count').filter({ hasText: 'page 1 of 2' }).waitFor();
      await page.getByRole('button', { name: 'Ended' }).click();
      await page
        .getByTestId('catalogue-count')
        .filter({ hasText: /^1 competition$/ })
        .waitFor();
      expect(await page.getByTestId('card-status').allInnerTexts()).toEqual(['Ended']);
      await page.getByRole('button', { name: 'Upcoming' }).click();
      await page.getByTestId('competition-card').filter({ hasText: 'Walrus weighing' }).waitFor();
      await page.getByRole('button', { name: 'All', exact: true }).click();
      await page.getByLabel('Search competitions').fill('penguin');
      await page.waitForURL(/\?q=penguin$/);
      await page
        .getByTestId('catalogue-count')
        .filter({ hasText: /^1 competition$/ })
        .waitFor();
      await page.getByLabel('Search competitions').fill('no such thing');
      await page.getByText('No competition matches.').waitFor();
      await page.getByRole('button', { name: 'Clear the search and filters' }).click();
      await page.getByTestId('catalogue-count').filter({ hasText: '13 competitions' }).waitFor();

      // The competition: title, focus on its heading, logo, page tabs as URLs.
      await page.getByRole('link', { name: 'Penguin counting' }).click();
      await expectArrived(page, 'Penguin counting', 'Overview · Penguin counting · Arena');
      await page.getByTestId('competition-logo').waitFor();
      await page.getByRole('tab', { name: 'Evaluation' }).click();
      await page.waitForURL(/\?page=evaluation$/);
      expect(await page.title()).toBe('Evaluation · Penguin counting · Arena');
      await page.goBack();
      await page.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
      await page.goto(`${platform.api.url}/competitions/${penguins.id}?page=evaluation`);
      await page.getByRole('tab', { name: 'Evaluation', selected: true }).waitFor();
      await expectNoSeriousA11yViolations(page, `competition (${vp.name})`);
      await expectNoSideScroll(page);
      await screenshot(page, `journey-${vp.name}-02-competition`);

      // Broken links: a heading, a plain reason, a way back; never the API's validation text.
      for (const [path, heading] of [
        ['/competitions/not-a-uuid', 'Competition not found'],
        [`/competitions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'Competition not found'],
        ['/no/such/page', 'Page not found'],
      ]) {
        await page.goto(`${platform.api.url}${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        expect(await page.title()).toBe(`${heading} · Arena`);
        expect(await page.locator('main').innerText()).not.toMatch(/validation failed|uuid is expected/i);
      }
      await expectNoSeriousA11yViolations(page, `not found (${vp.name})`);
      await page.getByRole('link', { name: 'Back to the competitions' }).click();
      await expectArrived(page, 'Competitions', 'Competitions · Arena');

      // Sign-in offers the reset flow; sign-up shows the password rule as text.
      await page.goto(`${platform.api.url}/sign-in`);
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await expectArrived(page, 'Forgot password', 'Forgot password · Arena');
      await page.getByLabel('Email').fill('nobody@example.org');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByTestId('reset-sent').waitFor();
      await page.goto(`${platform.api.url}/sign-up`);
      expect(await page.getByTestId('password-rule').innerText()).toMatch(/At least 8 characters/);
      expect(await page.getByLabel('Password').getAttribute('aria-describedby')).toBeTruthy();
      expect(errors).toEqual([]);
      await page.context().close();
    }, 120_000);

    it(`a signed-in participant submits only once registered, with a zip; reads a failure (${vp.name})`, async () => {
      const ada = vp.name === 'desktop' ? people.ada : await signUp(`ada${vp.name}`);
      const { page, errors } = await pageFor(vp, ada.token);
      const requests: string[] = [];
      page.on('request', (r) => {
        if (/\/api\/uploads|\/submissions$/.test(r.url()) && r.method() !== 'GET') {
          requests.push(`${r.method()} ${r.url()}`);
        }
      });
      // Not registered: no upload form, the way to register instead, and nothing reaches the server.
      await page.goto(`${platform.api.url}/competitions/${penguins.id}/phases/${penguins.phaseId}/submit`);
      await page.getByTestId('register-first').waitFor();
      expect(await page.title()).toBe('Submit to Development · Penguin counting · Arena');
      expect(await page.locator('input[type=file]').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Submit', exact: true }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, `submit, unregistered (${vp.name})`);
      await screenshot(page, `journey-${vp.name}-03-register-first`);
      await page.getByRole('link', { name: 'Register for this competition' }).click();
      await expectArrived(page, 'Penguin counting', 'Overview · Penguin counting · Arena');
      expect(requests).toEqual([]);
      expect(await uploadsOf(ada.id)).toBe(0);
      await page.getByLabel('I accept the terms of this competition').check();
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByTestId('participation-status').filter({ hasText: 'You are registered.' }).waitFor();

      // Registered: a file that is not a zip is refused in the browser, in plain words, with nothing to resume.
      await page.getByRole('link', { name: 'Submit to Development' }).click();
      await expectArrived(page, 'Submit to Development', 'Submit to Development · Penguin counting · Arena');
      await page.getByLabel('Results or code (zip)').setInputFiles({
        name: 'predictions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('id,label\n1,0\n'),
      });
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: '"predictions.csv" is not a zip file' }).waitFor();
      expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
      await page.getByLabel('Results or code (zip)').setInputFiles({
        name: 'renamed.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from('not really a zip'),
      });
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'is not a zip archive' }).waitFor();
      expect(requests).toEqual([]);
      expect(await uploadsOf(ada.id)).toBe(0);
      await screenshot(page, `journey-${vp.name}-04-not-a-zip`);

      // My submissions is a tab of the competition with its own URL.
      await page.goto(`${platform.api.url}/competitions/${penguins.id}`);
      await page.getByRole('navigation', { name: 'Competition' }).getByRole('link', { name: 'My submissions' }).click();
      await expectArrived(page, 'Penguin counting', 'My submissions · Penguin counting · Arena');
      await page.getByRole('heading', { level: 2, name: 'My submissions' }).waitFor();
      await page.getByText('No submissions yet.').waitFor();
      expect(page.url()).toMatch(new RegExp(`/competitions/${penguins.id}/submissions$`));
      expect(errors).toEqual([]);
      await page.context().close();

      // Bob's failed run: breadcrumb, a short cause, the traceback with its lines in a scrolling monospace block.
      const bob = await pageFor(vp, people.bob.token);
      await bob.page.goto(`${platform.api.url}/competitions/${penguins.id}/submissions`);
      await bob.page.getByRole('table').getByRole('link').first().click();
      await expectArrived(bob.page, 'Submission to Development', 'Submission · Development · Penguin counting · Arena');
      expect(bob.page.url()).toMatch(new RegExp(`/submissions/${failedId}$`));
      const crumbs = bob.page.getByRole('navigation', { name: 'Breadcrumb' });
      expect(await crumbs.getByRole('link').allInnerTexts()).toEqual([
        'Competitions',
        'Penguin counting',
        'Development',
      ]);
      expect(await bob.page.getByTestId('failure').locator('.failure-message').innerText()).toBe(
        'the scoring program (scoring step) exited with code 1',
      );
      const log = bob.page.getByTestId('failure-log');
      expect(await log.innerText()).toBe(TRACEBACK);
      const style = (await log.evaluate((el) => {
        const s = (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(
          el,
        );
        return [s.whiteSpace, s.overflowX, s.fontFamily];
      })) as string[];
      expect(style[0]).toBe('pre');
      expect(style[1]).toBe('auto');
      expect(style[2]).toMatch(/mono/i);
      await expectNoSeriousA11yViolations(bob.page, `failed submission (${vp.name})`);
      await expectNoSideScroll(bob.page);
      await screenshot(bob.page, `journey-${vp.name}-05-failed-submission`);
      // A malformed submission link, signed in: a heading and a way back, not the API's validation text.
      await bob.page.goto(`${platform.api.url}/submissions/42`);
      await bob.page.getByRole('heading', { level: 1, name: 'Submission not found' }).waitFor();
      expect(await bob.page.title()).toBe('Submission not found · Arena');
      expect(bob.errors).toEqual([]);
      await bob.page.context().close();
    }, 120_000);

    it(`the account page makes an API token shown once, lists and revokes it; organizers get Manage (${vp.name})`, async () => {
      const { page, errors } = await pageFor(vp, people.org.token);
      await page.goto(`${platform.api.url}/competitions/${penguins.id}`);
      await page.getByTestId('manage-link').click();
      await page.waitForURL(new RegExp(`/organize/competitions/${penguins.id}$`));
      await page.getByTestId('current-user').click();
      await expectArrived(page, 'Account', 'Account · Arena');
      expect(await page.getByTestId('profile').innerText()).toContain(`${people.org.username}@example.org`);
      const name = `cli-${vp.name}`;
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByRole('button', { name: 'Create a token' }).click();
      const token = await page.getByTestId('new-token-value').innerText();
      expect(token.length).toBeGreaterThan(20);
      // The token works for the API, and is not shown again after a reload.
      expect((await new HttpClient(platform.api.url).as(token).json('GET', '/api/auth/me')).status).toBe(200);
      await page.getByTestId('tokens').getByRole('rowheader', { name }).waitFor();
      await expectNoSeriousA11yViolations(page, `account (${vp.name})`);
      await expectNoSideScroll(page);
      await screenshot(page, `journey-${vp.name}-06-account`);
      if (vp.name === 'phone') {
        return page.context().close();
      }
      await page.reload();
      await page.getByTestId('tokens').getByRole('rowheader', { name }).waitFor();
      expect(await page.getByTestId('new-token').count()).toBe(0);
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: `Revoke ${name}` }).click();
      await page.getByTestId('tokens').getByRole('rowheader', { name }).waitFor({ state: 'detached' });
      expect((await new HttpClient(platform.api.url).as(token).json('GET', '/api/auth/me')).status).toBe(401);
      // The mail preference is read back.
      const mails = page.getByLabel('Mail me when one of my submissions finishes or fails');
      expect(await mails.isChecked()).toBe(true);
      await mails.uncheck();
      await page.getByText('Saved.').waitFor();
      await page.reload();
      expect(await page.getByLabel('Mail me when one of my submissions finishes or fails').isChecked()).toBe(false);
      await page.getByLabel('Mail me when one of my submissions finishes or fails').check();
      await page.getByText('Saved.').waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    }, 90_000);
  }
});
