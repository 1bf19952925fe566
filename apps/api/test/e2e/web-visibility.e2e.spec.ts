import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../src/config/api-config';
import { createApp } from '../../src/create-app';
import { launchBrowser, screenshot, WEB_ROOT } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { freePort, startTestIdp, type TestIdp } from '../support/oidc-provider';
import { deleteQueue } from '../support/rabbit-evidence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV, TEST_RATE_LIMITS } from '../support/test-env';
import { removeContainersOf, spawnWorker } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const TITLE = 'Binary classification (Arena example)';

/**
 * Competitions for internal use, in Chromium against the real platform (API serving the built web app, worker, Docker)
 * and a real OpenID Connect provider on loopback: an organizer takes a draft to public through the Access tab, and an
 * invited participant signs in through the identity provider, accepts, submits and is scored.
 */
describe('web app: visibility, invitations and company sign-in', () => {
  let tmp: string;
  let db: TestDatabase;
  let app: INestApplication;
  let api: string;
  let queue: string;
  let idp: TestIdp;
  let worker: ChildProcess;
  let workerName: string;
  let browser: Browser;
  let resultsZip: string;
  let bundleZip: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-web-vis-'));
    db = await createTestDatabase();
    queue = `arena.web-vis.${randomBytes(4).toString('hex')}`;
    // The redirect URI the provider knows is under PUBLIC_URL: the API's address is chosen first.
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    idp = await startTestIdp(`${api}/api/auth/oidc/callback`);
    const config = loadApiConfig({
      AMQP_URL: TEST_ENV.amqpUrl,
      LOG_LEVEL: 'warn',
      ...TEST_RATE_LIMITS,
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
      PUBLIC_URL: api,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_PROVIDER_NAME: 'Acme SSO',
    });
    app = await createApp(config, { webRoot: WEB_ROOT });
    await app.listen(port, '127.0.0.1');
    workerName = `web-vis-${randomBytes(3).toString('hex')}`;
    worker = spawnWorker({
      ARENA_API_URL: api,
      AMQP_URL: TEST_ENV.amqpUrl,
      WORKER_QUEUE: queue,
      WORKER_NAME: workerName,
      WORKER_WORK_DIR: join(tmp, 'worker'),
      WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
      LOG_LEVEL: 'warn',
    });
    resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
    bundleZip = await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'bundle.zip'));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      if (worker.exitCode === null) {
        worker.kill('SIGKILL');
      }
    }
    if (workerName) {
      await removeContainersOf(workerName).catch(() => undefined);
    }
    await app?.close();
    await idp?.stop();
    await db?.drop();
    if (queue) {
      await deleteQueue(queue).catch(() => undefined);
    }
    if (tmp) {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  it('an organizer takes a new competition from draft (seen by nobody else) to unlisted (its link) to public', async () => {
    const page = await newPage();
    const visitor = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const name = `org${randomBytes(3).toString('hex')}`;
    await page.goto(`${api}/sign-up`);
    await page.getByLabel('Email').fill(`${name}@example.org`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('current-user').filter({ hasText: name }).waitFor();
    await page.goto(`${api}/organize`);
    await page.getByLabel('Competition bundle (zip)').setInputFiles(bundleZip);
    await page.getByRole('button', { name: 'Upload bundle' }).click();
    await page.waitForURL(/\/organize\/competitions\/[0-9a-f-]{36}/);
    const id = /competitions\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.getByTestId('draft-notice').waitFor();
    await screenshot(page, 'visibility-01-draft');

    // A draft: a visitor finds it neither in the list nor at its address.
    await visitor.goto(`${api}/`);
    await visitor.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await visitor.getByRole('link', { name: TITLE }).count()).toBe(0);
    await visitor.goto(`${api}/competitions/${id}`);
    await visitor.getByRole('heading', { level: 1, name: 'Competition not found' }).waitFor();

    // Unlisted: the secret link opens it (registration included), the list still does not show it.
    await page.getByRole('button', { name: 'Open it to participants' }).click();
    await page.getByRole('tab', { name: 'Access', selected: true }).waitFor();
    await page.getByTestId('visibility-unlisted').check();
    await page.getByRole('button', { name: 'Save visibility' }).click();
    await page.getByRole('status').filter({ hasText: 'Visibility: unlisted' }).waitFor();
    const link = await page.getByTestId('secret-link').innerText();
    expect(link).toMatch(new RegExp(`/competitions/${id}\\?key=[0-9a-f]{64}$`));
    await screenshot(page, 'visibility-02-unlisted-link');
    await visitor.goto(link);
    await visitor.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await visitor.getByTestId('visibility-notice').filter({ hasText: 'unlisted' }).waitFor();
    await visitor.getByTestId('competition-logo').waitFor();
    await visitor.goto(`${api}/`);
    await visitor.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await visitor.getByRole('link', { name: TITLE }).count()).toBe(0);

    // Public: listed, and open to anyone.
    await page.getByTestId('visibility-public').check();
    await page.getByRole('button', { name: 'Save visibility' }).click();
    await page.getByRole('status').filter({ hasText: 'Visibility: public' }).waitFor();
    expect(await page.getByTestId('draft-notice').count()).toBe(0);
    const stranger = await newPage();
    await stranger.goto(`${api}/`);
    await stranger.getByRole('link', { name: TITLE }).click();
    await stranger.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await stranger.getByTestId('visibility-notice').count()).toBe(0);
    await screenshot(stranger, 'visibility-03-public');
    expect((await new HttpClient(api).json('GET', `/api/competitions/${id}`)).body.visibility).toBe('public');
    expect(errors).toEqual([]);
  });

  it('an invited participant signs in through the identity provider, accepts, submits and is scored', async () => {
    // The organizer, through the API: a private competition and an invitation by e-mail.
    const organizer = await new HttpClient(api).signUp(`own${randomBytes(3).toString('hex')}`);
    const created = await organizer.upload('/api/competitions', 'bundle', bundleZip);
    expect(created.status).toBe(201);
    await organizer.publish(created, 'private');
    const email = `pat-${randomBytes(3).toString('hex')}@acme.example`;
    expect(
      (await organizer.json('POST', `/api/competitions/${created.body.id}/invitations`, { emails: [email] })).status,
    ).toBe(201);
    const [mail] = await db.query<{ body: string }>('SELECT body FROM mail_outbox WHERE recipient = $1', [email]);
    const link = /(http:\/\/\S+\/invitations\/[A-Za-z0-9_-]+)/.exec(mail.body)![1];
    idp.accounts.set('pat', { email, email_verified: true, preferred_username: 'pat', groups: ['research'] });
    idp.signInAs('pat');

    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: `You are invited to ${TITLE}` }).waitFor();
    await screenshot(page, 'visibility-04-invitation');
    // Through the provider (its sign-in and consent pages answer at once here) and back to the invitation.
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByTestId('current-user').waitFor({ timeout: 30_000 });
    await page.waitForURL(/\/invitations\//);
    await page.getByLabel("I accept the competition's terms").check();
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.waitForURL(new RegExp(`/competitions/${created.body.id}$`));
    await page.getByTestId('visibility-notice').filter({ hasText: 'private' }).waitFor();
    await page.getByTestId('participation-status').filter({ hasText: 'You are registered.' }).waitFor();
    await screenshot(page, 'visibility-05-accepted');

    await page.getByRole('link', { name: 'Submit to Development' }).click();
    await page.getByLabel('Results or code (zip)').setInputFiles(resultsZip);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.waitForURL(/\/submissions\/[0-9a-f-]+$/);
    await page.getByTestId('submission-status').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('scores').getByText('accuracy').waitFor();
    await screenshot(page, 'visibility-06-scored');

    // The account the provider made: its verified address, its groups; a stranger still sees nothing.
    const [account] = await db.query<{ email: string; idp_groups: string[] }>(
      'SELECT email, idp_groups FROM users WHERE username = $1',
      ['pat'],
    );
    expect(account).toEqual({ email, idp_groups: ['research'] });
    expect((await new HttpClient(api).json('GET', `/api/competitions/${created.body.id}`)).status).toBe(404);
    expect(errors).toEqual([]);
  });
});
