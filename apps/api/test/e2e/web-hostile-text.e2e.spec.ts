import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordDialogs, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { takeJob } from '../support/take-job';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** What would run if a field were ever put into the page as HTML: a flag on our window and a dialog. */
const payload = (where: string) => `<img src=x onerror="window.__xss='${where}'"><script>alert('${where}')</script>`;
/** For fields capped at 64 characters (a board's title). */
const SHORT = `<img src=x onerror="window.__xss='board'">`;

/**
 * Issue 19: HTML and script written into every field a user writes and another reads (competition title, description
 * and reward, phase name and description, board title, team name, submission description and method, queue name) are
 * shown by the web app as the text they are: no dialog opens, nothing sets the flag, and each field reads back
 * literally where the page shows it as text. (Markdown pages and detailed results: web-participant.e2e.spec.ts.)
 */
describe('web app: hostile text in every user-written field', () => {
  let platform: Platform;
  let browser: Browser;
  let c: { id: string; phaseId: string };
  let organizer: { client: HttpClient; token: string };
  let ada: { client: HttpClient; token: string };
  let submissionId: string;

  const signUp = async (prefix: string) => {
    const username = `${prefix}${randomBytes(3).toString('hex')}`;
    const r = await new HttpClient(platform.api.url).json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    expect(r.status).toBe(201);
    return { client: new HttpClient(platform.api.url, r.body.token), token: r.body.token as string };
  };

  const pageFor = async (token: string): Promise<{ page: Page; errors: string[]; dialogs: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors, dialogs: recordDialogs(page) };
  };

  beforeAll(async () => {
    platform = await startPlatform({
      prefix: 'web-hostile',
      web: true,
      worker: false,
      apiEnv: { RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl },
    });
    organizer = await signUp('org');
    ada = await signUp('ada');
    const created = await organizer.client.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(EXAMPLE, 'bundle'), join(platform.tmp, 'b.zip')),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await organizer.client.publish(created);
    c = { id: created.body.id, phaseId: created.body.phases[0].id };
    const writes: [string, () => Promise<{ status: number; body: unknown }>][] = [
      [
        'settings',
        () =>
          organizer.client.json('PATCH', `/api/competitions/${c.id}`, {
            title: payload('title'),
            description: payload('description'),
            reward: payload('reward'),
            enableSubmissionMetadata: true,
            showSubmissionMetadataOnLeaderboard: true,
          }),
      ],
      [
        'phase',
        () =>
          organizer.client.json('PATCH', `/api/competitions/${c.id}/phases/${c.phaseId}`, {
            name: payload('phase'),
            description: payload('phase description'),
          }),
      ],
      ['queue', () => organizer.client.json('POST', '/api/queues', { name: payload('queue') })],
    ];
    // One after the other: edits of one competition made at once are refused as conflicting.
    for (const [what, write] of writes) {
      const r = await write();
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    }
    const board = (await organizer.client.json('GET', `/api/competitions/${c.id}`)).body.leaderboards[0];
    const boardEdit = await organizer.client.json('PUT', `/api/competitions/${c.id}/leaderboards/${board.key}`, {
      title: SHORT,
      submissionRule: 'Force_Last', // the example bundle's rule; the edit replaces the whole board
      columns: board.columns.map(
        (col: { key: string; title: string; sorting: string; precision: number; index: number }) => ({
          key: col.key,
          title: col.title,
          sorting: col.sorting,
          precision: col.precision,
          index: col.index,
        }),
      ),
    });
    expect(boardEdit.status, JSON.stringify(boardEdit.body)).toBeLessThan(300);
    expect(
      (await ada.client.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true })).status,
    ).toBe(200);
    const team = await ada.client.json('POST', `/api/competitions/${c.id}/teams`, { name: payload('team') });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    const zip = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'r.zip'));
    const sub = await ada.client.upload(`/api/phases/${c.phaseId}/submissions`, 'file', zip, {
      teamId: team.body.id,
      description: payload('submission'),
      methodName: payload('method'),
      methodDescription: payload('method description'),
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    submissionId = sub.body.id;
    const job = await takeJob(platform.queue);
    const result = { version: 1, status: 'finished', scores: { accuracy: 0.9, f1: 0.9 }, exitCode: 0, elapsedMs: 10 };
    expect(
      (await new HttpClient(platform.api.url).as(job.token).json('POST', workerRoutes.result(job.runId), result))
        .status,
    ).toBe(200);
    // The boards take the result in just after the report.
    for (
      let i = 0;
      i < 100 &&
      !(await ada.client.json('GET', `/api/phases/${c.phaseId}/leaderboard`)).body.leaderboards[0].rows.length;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    const queues = platform ? ((await organizer.client.json('GET', '/api/queues')).body as { id: string }[]) : [];
    for (const q of queues) {
      await organizer.client.json('DELETE', `/api/queues/${q.id}`);
    }
    await platform?.close();
  });

  const pages = () => [
    {
      name: 'competition page',
      as: () => ada,
      path: `/competitions/${c.id}`,
      literal: ['title', 'reward', 'phase', 'team'],
    },
    {
      name: 'leaderboard',
      as: () => ada,
      path: `/competitions/${c.id}/phases/${c.phaseId}/leaderboard`,
      literal: ['team', 'method', SHORT],
    },
    {
      name: 'submission page',
      as: () => ada,
      path: `/submissions/${submissionId}`,
      literal: ['submission', 'method', 'method description'],
    },
    {
      name: 'organizer competition page',
      as: () => organizer,
      path: `/organize/competitions/${c.id}`,
      literal: ['title'],
    },
    { name: 'organizer queues page', as: () => organizer, path: '/organize/queues', literal: ['queue'] },
  ];

  it('shows each field as text on every page that shows it, and runs none of it', async () => {
    const problems: string[] = [];
    for (const [i, p] of pages().entries()) {
      const { page, errors, dialogs } = await pageFor(p.as().token);
      await page.goto(`${platform.api.url}${p.path}`);
      const first = p.literal[0].startsWith('<') ? p.literal[0] : `window.__xss='${p.literal[0]}'`;
      await page
        .locator('main')
        .filter({ hasText: first })
        .waitFor()
        .catch(() => problems.push(`${p.name}: ${p.literal[0]} never shown`));
      // Give anything that would run (image errors, late renders) the time to.
      await page.waitForTimeout(500);
      const text = await page.locator('main').innerText();
      for (const where of p.literal) {
        const shown = where.startsWith('<') ? where : payload(where).replace(/<script>.*<\/script>/, '');
        if (!text.includes(shown)) {
          problems.push(`${p.name}: ${where} not shown as text`);
        }
      }
      const flag = await page.evaluate('window.__xss');
      if (flag !== undefined) {
        problems.push(`${p.name}: ran ${String(flag)}`);
      }
      if (dialogs.length) {
        problems.push(`${p.name}: dialogs ${dialogs.join(', ')}`);
      }
      if (errors.length) {
        problems.push(`${p.name}: page errors ${errors.join(', ')}`);
      }
      await screenshot(page, `hostile-text-0${i + 1}-${p.name.replace(/ /g, '-')}`);
      await page.context().close();
    }
    expect(problems).toEqual([]);
  });
});
