import { randomBytes } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type PlatformWithWorker, startPlatform } from '../support/platform';
import type { TestApi } from '../support/test-api';
import type { TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';
import { waitForEnd } from '../support/wait-for-end';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/**
 * The example bundle with registrations needing approval; `broken` makes its phase name a task index that does not
 * exist, the kind of mistake the validator names with its file, YAML path and line.
 */
async function exampleBundle(tmp: string, name: string, broken: boolean): Promise<string> {
  const dir = join(tmp, name);
  await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
  const original = await readFile(join(dir, 'competition.yaml'), 'utf8');
  let yaml = original.replace('registration_auto_approve: true', 'registration_auto_approve: false');
  if (broken) {
    yaml = yaml.replace('    tasks: [0]', '    tasks: [3]');
  }
  expect(yaml).not.toBe(original);
  if (broken) {
    expect(yaml).toContain('tasks: [3]');
  }
  await writeFile(join(dir, 'competition.yaml'), yaml);
  // A submission carrying slow.txt keeps the worker busy a while, so its current run can be seen.
  const score = await readFile(join(dir, 'scoring_program/score.py'), 'utf8');
  const slowed = score.replace(
    'def main(input_dir, output_dir):\n',
    'def main(input_dir, output_dir):\n    if os.path.exists(os.path.join(input_dir, "res", "slow.txt")):\n        import time\n        time.sleep(15)\n',
  );
  expect(slowed).not.toBe(score);
  await writeFile(join(dir, 'scoring_program/score.py'), slowed);
  return zipFolder(dir, join(tmp, `${name}.zip`));
}

// Runs in the page (a string: this project's tsconfig has no DOM types): form controls in <main> without a label.
const UNLABELLED_CONTROLS = `(() => Array.from(document.querySelectorAll('main input, main select, main textarea'))
  .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map((e) => e.outerHTML.slice(0, 120)))()`;

async function expectAllLabelled(page: Page): Promise<void> {
  expect(await page.evaluate(UNLABELLED_CONTROLS)).toEqual([]);
}

/** The page never scrolls sideways on a phone; wide tables scroll inside their own box. */
async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

describe('web app, organizer side, in Chromium against the real platform', () => {
  let platform: PlatformWithWorker;
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let workerName: string;
  let browser: Browser;
  let brokenZip: string;
  let fixedZip: string;
  let resultsZip: string;
  let slowZip: string;
  const vhostsToDelete: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-org', web: true });
    ({ tmp, db, api, workerName } = platform);
    brokenZip = await exampleBundle(tmp, 'broken-bundle', true);
    fixedZip = await exampleBundle(tmp, 'fixed-bundle', false);
    resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
    await cp(join(EXAMPLE, 'submission'), join(tmp, 'slow-submission'), { recursive: true });
    await writeFile(join(tmp, 'slow-submission/slow.txt'), 'take your time');
    slowZip = await zipFolder(join(tmp, 'slow-submission'), join(tmp, 'slow.zip'));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    for (const vhost of vhostsToDelete) {
      const u = new URL(TEST_ENV.rabbitMgmtUrl);
      const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString(
        'base64',
      );
      await fetch(`${u.origin}/api/vhosts/${encodeURIComponent(vhost)}`, {
        method: 'DELETE',
        headers: { authorization: `Basic ${auth}` },
      }).catch(() => undefined);
    }
  });

  it('an organizer uploads a broken bundle, sees the problem named, fixes it, approves a participant and reveals the results', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Sign up in the browser; the header's Organize link leads to the organizer home.
    const orgName = `org${randomBytes(3).toString('hex')}`;
    await page.goto(`${api.url}/sign-up`);
    await page.getByLabel('Email').fill(`${orgName}@example.org`);
    await page.getByLabel('Username').fill(orgName);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('current-user').filter({ hasText: orgName }).waitFor();
    await page.getByRole('link', { name: 'Organize', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Organize' }).waitFor();
    await page.getByText('You organize no competition yet.').waitFor();
    await expectAllLabelled(page);
    await screenshot(page, 'org-01-organize-home');

    // A bundle whose phase names task 3: refused, and the problem names the file, the YAML path and the line.
    await page.getByLabel('Competition bundle (zip)').setInputFiles(brokenZip);
    await page.getByRole('button', { name: 'Upload bundle' }).click();
    const problems = page.getByTestId('bundle-problems');
    await problems.waitFor();
    const problemText = await problems.innerText();
    expect(problemText).toContain('broken-bundle.zip was refused');
    expect(problemText).toContain('competition.yaml, line');
    expect(problemText).toContain('phases[0].tasks[0]');
    expect(problemText).toMatch(/task index 3 does not exist/);
    expect(await problems.locator('.problem-path').first().innerText()).toBe('phases[0].tasks[0]');
    await screenshot(page, 'org-02-upload-error');

    // The fixed bundle creates the competition and opens its admin page.
    await page.getByLabel('Competition bundle (zip)').setInputFiles(fixedZip);
    await page.getByRole('button', { name: 'Upload bundle' }).click();
    await page.waitForURL(/\/organize\/competitions\/[0-9a-f-]{36}/);
    const competitionId = /competitions\/([0-9a-f-]{36})/.exec(page.url())![1];
    const title = 'Binary classification (Arena example)';
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    // A new competition is a draft (web-visibility.e2e walks the Access tab): opened to participants here.
    await page.getByTestId('draft-notice').waitFor();
    const orgToken = (await page.evaluate("localStorage.getItem('arena.token')")) as string;
    await new HttpClient(api.url, orgToken).publish(competitionId);
    await page.getByRole('tab', { name: 'Settings' }).waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    await expectAllLabelled(page);
    await screenshot(page, 'org-03-competition-admin');
    // The tabs follow the WAI-ARIA pattern: arrow keys move between them.
    await page.getByRole('tab', { name: 'Settings' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Access', selected: true }).waitFor();
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Access');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Pages', selected: true }).waitFor();
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Pages');
    await page.keyboard.press('End');
    await page.getByRole('tab', { name: 'Queue and export', selected: true }).waitFor();
    await page.getByLabel('Queue for submissions').waitFor();
    await expectAllLabelled(page);

    // The YAML editor runs the same validator: the same mistake is named the same way, and undoing it saves.
    await page.getByRole('tab', { name: 'YAML' }).click();
    // A CodeMirror editor (web-pages.e2e checks its line numbers and the jump to a problem's line).
    const yamlBox = page.getByTestId('yaml-editor').locator('.cm-content');
    await yamlBox.waitFor();
    const yaml = await (await new HttpClient(api.url, orgToken).raw(`/api/competitions/${competitionId}/yaml`)).text();
    const brokenYaml = yaml.replace(/(\n\s*tasks:\s*)(\[\s*0\s*\]|\n(\s*)- 0\b)/, (_m, head: string, list: string) =>
      list.startsWith('[') ? `${head}[3]` : `${head}${list.replace(/- 0\b/, '- 3')}`,
    );
    expect(brokenYaml, yaml).not.toBe(yaml);
    await yamlBox.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(brokenYaml);
    await page.getByRole('button', { name: 'Save YAML' }).click();
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(
      /competition\.yaml refused[\s\S]*phases\[0\]\.tasks\[0\][\s\S]*task index 3 does not exist/,
    );
    await page.getByRole('button', { name: 'Undo my changes' }).click();
    await page.getByRole('button', { name: 'Save YAML' }).click();
    await page.getByRole('status').filter({ hasText: 'competition.yaml saved.' }).waitFor();

    // Settings, pages and leaderboards save through their own routes.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Description', { exact: true }).fill('Edited in the browser.');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await page.getByRole('tab', { name: 'Pages' }).click();
    await page.getByRole('button', { name: 'Add a page' }).click();
    await page.getByRole('group', { name: 'Page 3: untitled' }).getByLabel('Title').fill('FAQ');
    await page.getByRole('group', { name: 'Page 3: FAQ' }).getByLabel('Content (Markdown or HTML)').fill('# Questions');
    await page.getByRole('button', { name: 'Save pages' }).click();
    await page.getByRole('status').filter({ hasText: 'Pages saved.' }).waitFor();
    await page.getByRole('tab', { name: 'Leaderboards' }).click();
    await expectAllLabelled(page);
    await page.getByRole('button', { name: 'Edit Results' }).click();
    expect(await page.getByLabel('Submission rule').inputValue()).toBe('Force_Last');
    await page.getByLabel('Leaderboard title').fill('Main results');
    await expectAllLabelled(page);
    await page.getByRole('button', { name: 'Save Results' }).click();
    await page.getByRole('status').filter({ hasText: 'Leaderboard Main results saved.' }).waitFor();
    const edited = (await new HttpClient(api.url).json('GET', `/api/competitions/${competitionId}`)).body;
    expect(edited).toMatchObject({
      description: 'Edited in the browser.',
      leaderboards: [{ key: 'main', title: 'Main results' }],
    });
    expect(edited.pages.map((p: { title: string }) => p.title)).toEqual(['Overview', 'Evaluation', 'FAQ']);

    // Hide the phase's results before anybody submits.
    await page.getByRole('tab', { name: 'Phases' }).click();
    await expectAllLabelled(page);
    await page.getByRole('button', { name: 'Hide results of Development' }).click();
    await page.getByTestId('results-visibility-0').filter({ hasText: 'hidden from participants' }).waitFor();

    const participant = await new HttpClient(api.url).signUp(`ada${randomBytes(3).toString('hex')}`);
    const participantName = (await participant.json('GET', '/api/auth/me')).body.username as string;
    const competition = (await participant.json('GET', `/api/competitions/${competitionId}`)).body;
    expect(competition.phases[0].resultsHidden).toBe(true);
    const phaseId = competition.phases[0].id as string;
    const registration = await participant.json('POST', `/api/competitions/${competitionId}/participation`, {
      acceptTerms: true,
    });
    expect(registration.body.status).toBe('pending');
    expect((await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', resultsZip)).status).toBe(403);

    // Approve in the browser.
    await page.getByRole('tab', { name: 'Participants' }).click();
    const row = page.getByTestId(`participant-${participantName}`);
    await row.filter({ hasText: 'pending' }).waitFor();
    await page.getByRole('button', { name: `Approve ${participantName}` }).click();
    await row.filter({ hasText: 'approved' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `${participantName}: approved.` })
      .waitFor();
    await expectAllLabelled(page);
    await screenshot(page, 'org-04-participants');
    expect((await participant.json('GET', `/api/competitions/${competitionId}/participation`)).body.status).toBe(
      'approved',
    );

    // The participant's submission is scored by the real worker; its scores stay hidden from them.
    const submitted = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', resultsZip, {
      description: 'from the API',
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const ended = await waitForEnd(participant, submitted.body.id);
    expect(ended.status, JSON.stringify(ended)).toBe('finished');
    expect(ended.scores).toBeNull();

    // The organizer sees every submission of the phase, with its scores.
    await page.getByRole('tab', { name: 'Submissions' }).click();
    const subRow = page.getByTestId(`submission-${submitted.body.id}`);
    await subRow.filter({ hasText: 'finished' }).waitFor();
    expect(await subRow.innerText()).toMatch(/from the API[\s\S]*finished[\s\S]*\d\.\d+/);
    await page.getByRole('columnheader', { name: 'accuracy' }).waitFor();
    await page.getByRole('button', { name: `Re-run submission ${submitted.body.id.slice(0, 8)}` }).waitFor();
    await expectAllLabelled(page);
    await screenshot(page, 'org-05-submissions');

    // Reveal: now the participant sees their scores through the API.
    await page.getByRole('tab', { name: 'Phases' }).click();
    await page.getByRole('button', { name: 'Reveal results of Development' }).click();
    await page.getByTestId('results-visibility-0').filter({ hasText: 'visible to participants' }).waitFor();
    const revealed = (await participant.json('GET', `/api/submissions/${submitted.body.id}`)).body;
    expect(revealed.scores).toEqual({ accuracy: expect.any(Number), f1: expect.any(Number) });
    expect((await participant.json('GET', `/api/competitions/${competitionId}`)).body.phases[0].resultsHidden).toBe(
      false,
    );

    // The admin page works on a phone-width screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('tab', { name: 'Participants' }).click();
    await row.waitFor();
    await page.waitForTimeout(200);
    await expectNoSidewaysScroll(page, 390);
    await screenshot(page, 'org-06-competition-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // My competitions lists it.
    await page.getByRole('link', { name: 'All my competitions' }).click();
    await page.getByRole('link', { name: title }).waitFor();

    // A queue: its broker URL is shown once, with the warning, and never again.
    await page.getByRole('link', { name: 'Queues and workers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queues and workers' }).waitFor();
    const queueName = `Lab box ${randomBytes(2).toString('hex')}`;
    await page.getByLabel('Queue name').fill(queueName);
    await page.getByRole('button', { name: 'Create queue' }).click();
    const creds = page.getByTestId('queue-credentials');
    await creds.waitFor();
    expect(await creds.innerText()).toContain('Copy them now: they will not be shown again.');
    const brokerUrl = await page.getByLabel('Broker URL (AMQP_URL)').inputValue();
    expect(brokerUrl).toMatch(/^amqp:\/\/arena-worker-[^:]+:[^@]+@/);
    vhostsToDelete.push(decodeURIComponent(new URL(brokerUrl).pathname.slice(1)));
    expect(await page.getByLabel('Worker command').inputValue()).toContain(brokerUrl);
    await page.getByRole('heading', { level: 3, name: queueName }).waitFor();
    await expectAllLabelled(page);
    await screenshot(page, 'org-07-queues');

    await page.getByRole('button', { name: 'I have copied them' }).click();
    await page.reload();
    await page.getByRole('heading', { level: 3, name: queueName }).waitFor();
    expect(await creds.count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain(new URL(brokerUrl).password);
    await page.getByRole('button', { name: `Show workers of ${queueName}` }).click();
    await page.getByText('No worker is connected.').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    await expectNoSidewaysScroll(page, 390);
    await screenshot(page, 'org-08-queues-phone');

    // Deleting asks first; the queue then leaves the list.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Delete ${queueName}` }).click();
    await page.getByRole('heading', { level: 3, name: queueName }).waitFor({ state: 'detached' });

    // Admins also see the platform queue's workers: this test's worker, idle, without GPUs.
    await page.setViewportSize({ width: 1280, height: 900 });
    await db.query('UPDATE users SET is_admin = true WHERE username = $1', [orgName]);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Workers of the platform queue' }).waitFor();
    const workerRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: workerName }) });
    for (let i = 0; (await workerRow.count()) === 0; i++) {
      if (i > 30) {
        throw new Error(`${workerName} never listed`);
      }
      await page.waitForTimeout(1000);
      await page.getByRole('button', { name: 'Refresh platform workers' }).click();
    }
    expect(await workerRow.innerText()).toMatch(/none[\s\S]*idle/);
    // While it scores a slow submission, the worker shows that run and the age of its heartbeat.
    const slow = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', slowZip);
    expect(slow.status, JSON.stringify(slow.body)).toBe(201);
    const busy = workerRow.filter({ has: page.getByRole('link', { name: `submission ${slow.body.id.slice(0, 8)}` }) });
    for (let i = 0; (await busy.count()) === 0; i++) {
      if (i > 30) {
        throw new Error(`${workerName} never showed its current run`);
      }
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh platform workers' }).click();
    }
    expect(await busy.innerText()).toMatch(/started (just now|\d+ s ago)[\s\S]*(just now|\d+ s ago)/);
    await expectAllLabelled(page);
    await screenshot(page, 'org-09-platform-workers');
    expect((await waitForEnd(participant, slow.body.id)).status).toBe('finished');

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 400_000);
});
