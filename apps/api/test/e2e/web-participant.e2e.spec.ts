import { randomBytes } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordDialogs, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type PlatformWithWorker, startPlatform } from '../support/platform';
import type { TestApi } from '../support/test-api';
import { zipFolder } from '../support/zip-folder';
import { waitForEnd } from '../support/wait-for-end';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** Stored XSS: each payload would set a flag on our window or open a dialog if it ever ran. */
const XSS = [
  `<script>window.__xss = 'script'; alert('xss-script')</script>`,
  `<img src="x" onerror="window.__xss = 'img'; alert('xss-img')">`,
  `<a href="javascript:window.__xss='link';alert('xss-link')">javascript link</a>`,
  `<svg onload="window.__xss='svg';alert('xss-svg')"><circle r="1"></circle></svg>`,
  `<iframe srcdoc="<script>parent.__xss='iframe';parent.alert('xss-iframe')</script>"></iframe>`,
  `<details open ontoggle="window.__xss='details';alert('xss-details')">toggle</details>`,
  `<object data="javascript:parent.__xss='object'"></object>`,
  `<form action="javascript:alert('xss-form')"><button>go</button></form>`,
];
const XSS_PAGE = [
  '# Notes',
  'Safe marker text.',
  `[markdown javascript link](javascript:alert('xss-md'))`,
  ...XSS,
].join('\n\n');
const XSS_TEAM = `<img src=x onerror="window.__xss='team';alert('xss-team')">`;
const XSS_DETAILED = `<html><body><h1>Per-class results</h1>${XSS.join('\n')}
<script>top.__xss='detailed';parent.alert('xss-detailed')</script></body></html>`;

/** The example scoring program, slowed down so its output can be watched live, and writing a detailed-results page. */
const SCORE_PY = `
import json, os, sys, time
input_dir, output_dir = sys.argv[1], sys.argv[2]
read = lambda p: [int(l.strip()) for l in open(p) if l.strip()]
truth = read(os.path.join(input_dir, "ref", "truth.csv"))
pred = read(os.path.join(input_dir, "res", "predictions.csv"))
for step in range(1, 6):
    print(f"scoring step {step} of 5", flush=True)
    time.sleep(1.5)
tp = sum(1 for t, p in zip(truth, pred) if t == 1 and p == 1)
fp = sum(1 for t, p in zip(truth, pred) if t == 0 and p == 1)
fn = sum(1 for t, p in zip(truth, pred) if t == 1 and p == 0)
accuracy = sum(1 for t, p in zip(truth, pred) if t == p) / len(truth)
f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
print(f"accuracy={accuracy:.4f} f1={f1:.4f}", flush=True)
json.dump({"accuracy": accuracy, "f1": f1, "secret": 0.5}, open(os.path.join(output_dir, "scores.json"), "w"))
open(os.path.join(output_dir, "detailed_results.html"), "w").write(${JSON.stringify(XSS_DETAILED)})
`;

async function bundleWithXss(tmp: string): Promise<string> {
  const dir = join(tmp, 'bundle');
  await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
  await writeFile(join(dir, 'pages/notes.md'), XSS_PAGE);
  await writeFile(join(dir, 'scoring_program/score.py'), SCORE_PY);
  const yaml = (await readFile(join(dir, 'competition.yaml'), 'utf8'))
    .replace('registration_auto_approve: true', 'registration_auto_approve: true\nenable_detailed_results: true')
    .replace(
      '    file: pages/evaluation.md',
      '    file: pages/evaluation.md\n  - title: Notes\n    file: pages/notes.md',
    );
  await writeFile(join(dir, 'competition.yaml'), yaml);
  return zipFolder(dir, join(tmp, 'bundle.zip'));
}

// Runs in the page (a string: this project's tsconfig has no DOM types): markup in <main> that could run script.
const DANGEROUS_MARKUP = `(() => {
  const main = document.querySelector('main');
  const found = [];
  main.querySelectorAll('script, object, embed, form').forEach((e) => found.push(e.tagName));
  main.querySelectorAll('iframe').forEach((f) => {
    if (f.getAttribute('sandbox') !== '') found.push('iframe without empty sandbox');
  });
  main.querySelectorAll('*').forEach((e) => {
    for (const a of Array.from(e.attributes)) {
      if (a.name.startsWith('on')) found.push(e.tagName + '[' + a.name + ']');
      if (/^\\s*javascript:/i.test(a.value)) found.push(e.tagName + '[' + a.name + '=javascript:]');
    }
  });
  return found;
})()`;

// Form fields without a label, buttons without a name, and skipped heading levels on the current page.
const A11Y_PROBLEMS = `(() => {
  const found = [];
  document.querySelectorAll('input, select, textarea').forEach((e) => {
    if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label')) found.push('unlabelled ' + e.outerHTML.slice(0, 80));
  });
  document.querySelectorAll('button, a[href]').forEach((e) => {
    if (!(e.textContent || '').trim() && !e.getAttribute('aria-label')) found.push('nameless ' + e.outerHTML.slice(0, 80));
  });
  let last = 0;
  document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
    const level = Number(h.tagName[1]);
    if (level > last + 1) found.push('heading jumps to ' + h.tagName + ': ' + h.textContent);
    last = level;
  });
  if (document.querySelectorAll('h1').length !== 1) found.push('h1 count ' + document.querySelectorAll('h1').length);
  return found;
})()`;

async function expectAccessible(page: Page): Promise<void> {
  expect(await page.evaluate(A11Y_PROBLEMS)).toEqual([]);
}

/** Nothing from the stored content ran: no flag on the window, no dialog, no live script-bearing markup. */
async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate('window.__xss')).toBeUndefined();
  const dangerous = await page.evaluate(DANGEROUS_MARKUP);
  expect(dangerous).toEqual([]);
}

describe('web app, participant side, in Chromium against the real platform', () => {
  let platform: PlatformWithWorker;
  let tmp: string;
  let api: TestApi;
  let browser: Browser;
  let competition: { id: string; title: string; phaseId: string };
  let organizer: HttpClient;
  let resultsZip: string;
  let bigZip: string;

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web', web: true });
    ({ tmp, api } = platform);
    organizer = await new HttpClient(api.url).signUp(`org${randomBytes(3).toString('hex')}`);
    const created = await organizer.upload('/api/competitions', 'bundle', await bundleWithXss(tmp));
    await organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    competition = { id: created.body.id, title: created.body.title, phaseId: created.body.phases[0].id };
    resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
    // Predictions plus 9 MiB of noise: more than one upload part, still a valid results zip.
    await cp(join(EXAMPLE, 'submission'), join(tmp, 'big'), { recursive: true });
    await writeFile(join(tmp, 'big/padding.bin'), randomBytes(9 * 1024 * 1024));
    bigZip = await zipFolder(join(tmp, 'big'), join(tmp, 'big.zip'));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('serves the app for client-side routes and leaves /api alone', async () => {
    const deep = await fetch(`${api.url}/competitions/${competition.id}`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await deep.text()).toContain('<div id="root">');
    expect((await fetch(`${api.url}/api/no-such-route`)).status).toBe(404);
    expect((await fetch(`${api.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${api.url}/index.html`)).headers.get('content-security-policy')).toContain(
      "object-src 'none'",
    );
  });

  it('a participant signs up, registers, submits, watches the live output, then sees their scores and rank', async () => {
    // A rival team with a hostile name, scored by the same worker, so the leaderboard has its row to render.
    const rival = await new HttpClient(api.url).signUp(`eve${randomBytes(3).toString('hex')}`);
    const registered = await rival.json('POST', `/api/competitions/${competition.id}/participation`, {
      acceptTerms: true,
    });
    expect(registered.status).toBe(200);
    const team = await rival.json('POST', `/api/competitions/${competition.id}/teams`, { name: XSS_TEAM });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    const rivalSubmission = await rival.upload(`/api/phases/${competition.phaseId}/submissions`, 'file', resultsZip, {
      teamId: team.body.id,
    });
    expect(rivalSubmission.status, JSON.stringify(rivalSubmission.body)).toBe(201);

    // A viewer far from UTC: phase dates must show in their zone.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Pacific/Auckland',
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const dialogs = recordDialogs(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(`${api.url}/`);
    await page.getByRole('link', { name: competition.title }).waitFor();
    await screenshot(page, '01-competitions');

    const username = `ada${randomBytes(3).toString('hex')}`;
    await page.getByRole('link', { name: 'Sign up' }).click();
    await expectAccessible(page);
    await page.getByLabel('Email').fill(`${username}@example.org`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('current-user').filter({ hasText: username }).waitFor();

    await page.getByLabel('Search competitions').fill('binary classification');
    await page.getByRole('link', { name: competition.title }).click();
    await page.getByRole('heading', { level: 1, name: competition.title }).waitFor();
    // The page tabs work from the keyboard.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Evaluation' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { name: 'Notes' }).getAttribute('aria-selected')).toBe('true');
    await page.getByText('Safe marker text.').waitFor();
    await expectAccessible(page);
    await expectNothingRan(page, dialogs);

    await page.getByText('Dates in your time zone (Pacific/Auckland).').waitFor();
    // The phase starts 2025-01-01T00:00Z: 1 PM the same day in Auckland (UTC+13 in summer).
    await page
      .getByRole('region', { name: 'Phases' })
      .getByText(/Jan 1, 2025, 01:00 PM GMT\+13/)
      .waitFor();
    await page.getByLabel('I accept the terms of this competition').check();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('participation-status').filter({ hasText: 'You are registered.' }).waitFor();
    await screenshot(page, '02-competition');

    await page.getByRole('link', { name: 'Submit to Development' }).click();
    await page.getByRole('heading', { level: 1, name: 'Submit to Development' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Description (optional)').fill('first try from the browser');
    // A zip of two parts (8 MiB each): the second part's connection drops until the upload is cancelled.
    await page.getByLabel('Results or code (zip)').setInputFiles(bigZip);
    const partsSent: number[] = [];
    page.on('request', (r) => {
      const m = /\/api\/uploads\/[^/]+\/parts\/(\d+)$/.exec(r.url());
      if (m && r.method() === 'PUT') {
        partsSent.push(Number(m[1]));
      }
    });
    const PARTS = /\/api\/uploads\/[^/]+\/parts\/\d+$/;
    await page.route(PARTS, async (route) => {
      if (route.request().url().endsWith('/parts/1')) {
        return route.abort('connectionreset');
      }
      await route.continue();
    });
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByTestId('upload-progress').filter({ hasText: 'connection lost, retrying' }).waitFor();
    await screenshot(page, '03-submit');
    // Retried with backoff, not given up on.
    await expect.poll(() => partsSent.filter((i) => i === 1).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(partsSent[0]).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').filter({ hasText: 'cancelled' }).waitFor();

    // Back later (a reload), the same file again: only the missing part goes, then the submission is created.
    await page.unroute(PARTS);
    await page.reload();
    partsSent.length = 0;
    await page.getByLabel('Description (optional)').fill('first try from the browser');
    await page.getByLabel('Results or code (zip)').setInputFiles(bigZip);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.waitForURL(/\/submissions\/[0-9a-f-]+$/);
    expect(partsSent).toEqual([1]);
    const submissionId = page.url().split('/').pop()!;
    // Live: a line of the program shows while the run is still going.
    await page.getByTestId('live-logs').filter({ hasText: 'scoring step 2 of 5' }).waitFor({ timeout: 90_000 });
    await page.getByTestId('submission-status').filter({ hasText: 'running' }).waitFor();
    expect(await page.getByTestId('live-logs').innerText()).not.toContain('scoring step 5 of 5');
    await screenshot(page, '04-submission-live');

    await page.getByTestId('submission-status').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('scores').getByText('accuracy').waitFor();
    await page.getByTitle('Detailed results').waitFor();
    expect(await page.getByTitle('Detailed results').getAttribute('sandbox')).toBe('');
    const detailedFrame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
    expect(await detailedFrame?.content()).toContain('Per-class results');
    expect(await page.getByTestId('live-logs').innerText()).toContain('scoring step 5 of 5');
    await page.waitForTimeout(500);
    await expectNothingRan(page, dialogs);
    await screenshot(page, '05-submission-detail');
    await page.getByTitle('Detailed results').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await screenshot(page, '05b-detailed-results', { fullPage: false });

    expect((await waitForEnd(rival, rivalSubmission.body.id)).status).toBe('finished');
    await page.getByRole('link', { name: 'Leaderboard' }).click();
    const mine = page.locator('tr.mine');
    await mine.waitFor();
    expect(await mine.innerText()).toContain(username);
    expect(await page.getByTestId('my-rank-main').innerText()).toMatch(/Your rank: 1 of 2/);
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Accuracy'), expect.stringContaining('F1 score')]),
    );
    // A column only organizers see, added now (with one, the scoring logs are the organizers' alone, so the live
    // output above is watched before): the participant's board must not show it.
    const board = {
      title: 'Results',
      submissionRule: 'Force_Last',
      primaryIndex: 0,
      columns: [
        { title: 'Accuracy', key: 'accuracy', index: 0, sorting: 'desc', precision: 4 },
        { title: 'F1 score', key: 'f1', index: 1, sorting: 'desc', precision: 4 },
        { title: 'Secret margin', key: 'secret', index: 2, sorting: 'desc', hidden: true },
      ],
    };
    expect((await organizer.json('PUT', `/api/competitions/${competition.id}/leaderboards/main`, board)).status).toBe(
      200,
    );
    await page.reload();
    await mine.waitFor();
    expect((await page.locator('main').innerText()).toLowerCase()).not.toContain('secret');
    // The hostile team name is on the board as text.
    await page.getByRole('cell', { name: XSS_TEAM, exact: true }).waitFor();
    await expectNothingRan(page, dialogs);
    // Sorting by a column is a button in its header.
    await page.getByRole('button', { name: 'Participant' }).click();
    expect(await page.getByRole('columnheader', { name: /Participant/ }).getAttribute('aria-sort')).toBe('ascending');
    await page
      .getByTestId('score-chart')
      .getByText(/Best Accuracy/)
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, '06-leaderboard');
    // The competition shows detailed results on its leaderboard: each row links to its page, in a sandboxed frame.
    await page.getByRole('link', { name: `Details of ${XSS_TEAM}` }).click();
    await page.getByTitle('Detailed results').waitFor();
    expect(await page.getByTitle('Detailed results').getAttribute('sandbox')).toBe('');
    await page.waitForTimeout(300);
    await expectNothingRan(page, dialogs);
    await page.goBack();
    await mine.waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    // The page itself never scrolls sideways on a phone; wide tables scroll inside their own box.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, '07-leaderboard-phone');
    await page.goto(`${api.url}/competitions/${competition.id}`);
    await page.getByRole('heading', { level: 1, name: competition.title }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, '08-competition-phone');
    await page.goto(`${api.url}/submissions/${submissionId}`);
    await page.getByTestId('submission-status').filter({ hasText: 'finished' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, '09-submission-phone');

    await expectNothingRan(page, dialogs);
    expect(pageErrors).toEqual([]);
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);
    await context.close();
  }, 400_000);
});
