import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/a11y';
import { launchBrowser } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { takeJob } from '../support/take-job';
import { zipFolder } from '../support/zip-folder';

const ROOT = resolve(__dirname, '../../../..');
const EXAMPLE = join(ROOT, 'examples/binary-classification');
const ARTIFACTS = join(ROOT, 'test-artifacts/pages');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** One line with no space to break at, as a failing program can print (a path, base64, a long assertion). */
const LONG_FAILURE = `Traceback (most recent call last):\n  File "score.py", line 12\nValueError: ${'x'.repeat(1500)}`;

type User = { client: HttpClient; token: string; username: string };

// Runs in the page (a string: this project's tsconfig has no DOM types).
const FITS = (selector: string) =>
  `(() => { const e = document.querySelector(${JSON.stringify(selector)}); return e ? [e.scrollWidth, e.clientWidth] : null; })()`;

/**
 * Issue 22: every page of the app (public, participant, organizer, admin) at desktop and phone widths, each with a
 * title of its own, no serious or critical axe-core violation, and a screenshot under test-artifacts/pages; then the
 * organizer's and the boards' fixes: the YAML editor's line numbers and jump to a problem's line, the unsaved-edit
 * guard, confirmations, the submissions table that fits the page, phase form errors, the boards on a phone.
 */
describe('web app: every page, accessible, at desktop and phone widths', () => {
  let platform: Platform;
  let browser: Browser;
  let organizer: User;
  let ada: User;
  let c: { id: string; phaseId: string; title: string };
  let finishedId: string;
  let failedId: string;

  const signUp = async (prefix: string): Promise<User> => {
    const username = `${prefix}${randomBytes(3).toString('hex')}`;
    const r = await new HttpClient(platform.api.url).json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    expect(r.status).toBe(201);
    return { client: new HttpClient(platform.api.url, r.body.token), token: r.body.token as string, username };
  };

  const pageFor = async (user: User | undefined, viewport = DESKTOP): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    if (user) {
      await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(user.token)})`);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  };

  /** A submission scored (or failed) as a worker would report it: the job taken off the real queue. */
  const report = async (result: Record<string, unknown>) => {
    const job = await takeJob(platform.queue);
    const r = await new HttpClient(platform.api.url)
      .as(job.token)
      .json('POST', workerRoutes.result(job.runId), { version: 1, elapsedMs: 10, ...result });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-pages', web: true, worker: false });
    organizer = await signUp('org');
    ada = await signUp('ada');
    await platform.db.query('UPDATE users SET is_admin = true WHERE username = $1', [organizer.username]);
    const created = await organizer.client.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(EXAMPLE, 'bundle'), join(platform.tmp, 'b.zip')),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await organizer.client.publish(created);
    c = { id: created.body.id, phaseId: created.body.phases[0].id, title: created.body.title };
    expect(
      (await ada.client.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true })).status,
    ).toBe(200);
    const zip = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'r.zip'));
    const first = await ada.client.upload(`/api/phases/${c.phaseId}/submissions`, 'file', zip, { description: 'gbm' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    finishedId = first.body.id;
    await report({ status: 'finished', scores: { accuracy: 0.84, f1: 0.8 }, exitCode: 0 });
    const second = await ada.client.upload(`/api/phases/${c.phaseId}/submissions`, 'file', zip);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    failedId = second.body.id;
    await report({ status: 'failed', failure: { code: 'program_error', message: LONG_FAILURE }, exitCode: 1 });
    // The boards take the result in just after the report.
    for (let i = 0; i < 100; i++) {
      const board = (await ada.client.json('GET', `/api/phases/${c.phaseId}/leaderboard`)).body;
      if (board.leaderboards[0].rows.length) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const pages = (): { name: string; as?: () => User; path: string }[] => {
    const org = `/organize/competitions/${c.id}`;
    const tabs = ['settings', 'access', 'pages', 'phases', 'leaderboards', 'participants', 'teams', 'submissions'];
    return [
      { name: 'home', path: '/' },
      { name: 'sign-in', path: '/sign-in' },
      { name: 'sign-up', path: '/sign-up' },
      { name: 'competition-public', path: `/competitions/${c.id}` },
      { name: 'leaderboard-public', path: `/competitions/${c.id}/phases/${c.phaseId}/leaderboard` },
      { name: 'not-found', path: '/no-such-page' },
      { name: 'competition', as: () => ada, path: `/competitions/${c.id}` },
      { name: 'submit', as: () => ada, path: `/competitions/${c.id}/phases/${c.phaseId}/submit` },
      { name: 'submission', as: () => ada, path: `/submissions/${finishedId}` },
      { name: 'submission-failed', as: () => ada, path: `/submissions/${failedId}` },
      { name: 'leaderboard', as: () => ada, path: `/competitions/${c.id}/phases/${c.phaseId}/leaderboard` },
      { name: 'account', as: () => ada, path: '/account' },
      { name: 'organize-home', as: () => organizer, path: '/organize' },
      { name: 'organize-queues', as: () => organizer, path: '/organize/queues' },
      ...tabs.map((tab) => ({ name: `organize-${tab}`, as: () => organizer, path: `${org}?tab=${tab}` })),
      { name: 'organize-yaml', as: () => organizer, path: `${org}?tab=yaml` },
      { name: 'organize-queue', as: () => organizer, path: `${org}?tab=queue` },
      { name: 'admin', as: () => organizer, path: '/admin' },
    ];
  };

  it('every page has a title of its own and no serious accessibility violation at 1280 and 390 px, no sideways scroll on a phone', async () => {
    const problems: string[] = [];
    const untitled: string[] = [];
    const anonymous = await pageFor(undefined);
    const signedIn = new Map<User, Page>();
    for (const p of pages()) {
      const user = p.as?.();
      let page = anonymous;
      if (user) {
        page = signedIn.get(user) ?? (await pageFor(user));
        signedIn.set(user, page);
      }
      // Each page is loaded once, checked at desktop width, then narrowed to a phone's and checked again.
      await page.setViewportSize(DESKTOP);
      await page.goto(`${platform.api.url}${p.path}`);
      await page.locator('main h1').first().waitFor();
      // Loading lines gone: the page shows its data (or its error).
      await page
        .waitForFunction(
          `!Array.from(document.querySelectorAll('main [role=status]')).some((e) => /Loading/.test(e.textContent))`,
          undefined,
          { timeout: 5_000 },
        )
        .catch(() => undefined);
      if (p.name === 'organize-yaml') {
        await page.getByTestId('yaml-editor').locator('.cm-content').waitFor();
      }
      const title = await page.title();
      if (!title.trim() || title.trim() === 'Arena') {
        untitled.push(`${p.name}: "${title}"`);
      }
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        if (label === 'phone') {
          await page.setViewportSize(viewport);
          await page.waitForTimeout(150);
          const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
          if (width > viewport.width) {
            problems.push(`${p.name} (phone): the page scrolls sideways (${width} px)`);
          }
        }
        for (const v of await seriousA11yViolations(page)) {
          problems.push(`${p.name} (${label}): ${v.id} [${v.impact}] ${v.help}: ${v.nodes.join(' | ')}`);
        }
        await page.screenshot({ path: join(ARTIFACTS, `${p.name}-${label}.png`), fullPage: label === 'phone' });
      }
    }
    await anonymous.context().close();
    for (const page of signedIn.values()) {
      await page.context().close();
    }
    expect(problems).toEqual([]);
    expect(untitled).toEqual([]);
  }, 400_000);

  it('the organizer: submissions that fit the page, confirmations, the YAML editor and the phase form', async () => {
    const page = await pageFor(organizer);
    const dialogs: string[] = [];
    // Every confirmation is dismissed: nothing may happen then.
    const dismiss = (d: Dialog) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', dismiss);
    const org = `${platform.api.url}/organize/competitions/${c.id}`;

    // The submissions table: the submitter, the failure's first line with the whole message to open, and no
    // sideways scroll at 1280 px although the message is one 1,500-character line.
    await page.goto(`${org}?tab=submissions`);
    const failedRow = page.getByTestId(`submission-${failedId}`);
    await failedRow.waitFor();
    expect(await failedRow.innerText()).toContain(ada.username);
    await page.getByRole('columnheader', { name: 'Submitter' }).waitFor();
    // Scores are rounded by their column's precision, as on the board: 0.8400, not 0.84.
    expect(await page.getByTestId(`submission-${finishedId}`).innerText()).toContain('0.8400');
    await page.getByRole('columnheader', { name: 'Accuracy' }).waitFor();
    const [scrollWidth, clientWidth] = (await page.evaluate(
      FITS('.table-wrap:has([data-testid=org-submissions])'),
    )) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(DESKTOP.width);
    await failedRow.locator('summary').click();
    expect(await failedRow.getByTestId('failure-message').innerText()).toContain('x'.repeat(1500));
    await page.screenshot({ path: join(ARTIFACTS, 'fix-submissions-fit.png'), fullPage: true });

    // Re-run asks first; dismissed, no new submission.
    const before = (await organizer.client.json('GET', `/api/phases/${c.phaseId}/submissions`)).body.length;
    await page.getByRole('button', { name: `Re-run submission ${finishedId.slice(0, 8)}` }).click();
    expect(dialogs.pop()).toMatch(/Run submission .* again\?/);
    expect((await organizer.client.json('GET', `/api/phases/${c.phaseId}/submissions`)).body.length).toBe(before);

    // Deny asks first; dismissed, still approved.
    await page.goto(`${org}?tab=participants`);
    await page.getByRole('button', { name: `Deny ${ada.username}` }).click();
    expect(dialogs.pop()).toMatch(new RegExp(`Deny ${ada.username}`));
    await page.getByTestId(`participant-${ada.username}`).filter({ hasText: 'approved' }).waitFor();

    // Removing a page asks first; dismissed, the page stays.
    await page.goto(`${org}?tab=pages`);
    await page.getByRole('button', { name: 'Remove Overview' }).click();
    expect(dialogs.pop()).toMatch(/Remove the page “Overview”/);
    await page.getByRole('group', { name: 'Page 1: Overview' }).waitFor();

    // Switches another decides: with teams off, "require team approval" cannot be set and says why.
    await page.goto(`${org}?tab=settings`);
    const teams = page.getByLabel('Participants may form teams');
    const approval = page.getByLabel('A new team submits as a team only once approved (Teams tab)');
    await teams.setChecked(true);
    expect(await approval.isDisabled()).toBe(false);
    await teams.setChecked(false);
    expect(await approval.isDisabled()).toBe(true);
    expect(await approval.getAttribute('aria-describedby')).toBeTruthy();

    // A phase that would end before it starts: a form error on the end field, dates as people write them.
    await page.goto(`${org}?tab=phases`);
    await page.getByLabel('Ends (empty: never)').first().fill('2000-01-01T10:00');
    await page
      .getByRole('button', { name: /^Save / })
      .first()
      .click();
    const phaseErrors = page.getByTestId('phase-form-errors-0');
    await phaseErrors.waitFor();
    const endError = page.locator('.field-error').first();
    const endText = await endError.innerText();
    expect(endText).toMatch(/ends .*2000.* before it starts/);
    expect(endText).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(await page.getByLabel('Ends (empty: never)').first().getAttribute('aria-invalid')).toBe('true');
    expect(await phaseErrors.innerText()).not.toContain('competition.yaml');

    // The YAML editor: line numbers; a refused save selects the problem's line and scrolls it into view.
    await page.goto(`${org}?tab=yaml`);
    const editor = page.getByTestId('yaml-editor');
    const content = editor.locator('.cm-content');
    await content.waitFor();
    expect(await editor.locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: /^1$/ }).count()).toBe(1);
    const yaml = (await organizer.client.raw(`/api/competitions/${c.id}/yaml`).then((r) => r.text())) as string;
    const broken = yaml.replace(/(\n\s*tasks:\s*)(\[\s*0\s*\]|\n(\s*)- 0\b)/, (_m, head: string, list: string) =>
      list.startsWith('[') ? `${head}[3]` : `${head}${list.replace(/- 0\b/, '- 3')}`,
    );
    expect(broken).not.toBe(yaml);
    const brokenLine = broken.split('\n').findIndex((l) => /tasks:\s*\[3\]|^\s*- 3\b/.test(l)) + 1;
    expect(brokenLine).toBeGreaterThan(1);
    await content.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(broken);
    // Unsaved edits: a tab change asks first; dismissed, the YAML tab stays.
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(dialogs.pop()).toMatch(/not saved/);
    await page.getByRole('tab', { name: 'YAML', selected: true }).waitFor();
    // Start from the top, so the jump has somewhere to go.
    await content.click();
    await page.keyboard.press('Control+Home');
    await page.getByRole('button', { name: 'Save YAML' }).click();
    const problems = page.getByTestId('bundle-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(/task index 3 does not exist/);
    const active = editor.locator('.cm-activeLine');
    await active.filter({ hasText: '3' }).waitFor();
    const expectOnProblemLine = async () => {
      // The selected text is the problem's whole line, and its line number is the one the problem names.
      expect(await page.evaluate('window.getSelection().toString()')).toBe(broken.split('\n')[brokenLine - 1]);
      expect(await editor.locator('.cm-lineNumbers .cm-activeLineGutter').innerText()).toBe(String(brokenLine));
      const box = await active.boundingBox();
      const view = await editor.locator('.cm-scroller').boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(view!.y);
      expect(box!.y + box!.height).toBeLessThanOrEqual(view!.y + view!.height);
    };
    await expectOnProblemLine();
    // The problem's place is a button to its line.
    await content.click();
    await page.keyboard.press('Control+End');
    await problems.getByRole('button', { name: new RegExp(`^Go to line ${brokenLine}`) }).click();
    await expectOnProblemLine();
    // The problems sit beside the editor, above the fold.
    const list = await problems.boundingBox();
    expect(list!.y).toBeLessThan(DESKTOP.height);
    await page.screenshot({ path: join(ARTIFACTS, 'fix-yaml-jump.png') });
    await page.getByRole('button', { name: 'Undo my changes' }).click();
    page.off('dialog', dismiss);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Settings', selected: true }).waitFor();
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('boards: the same columns everywhere, a readable chart, a scroll cue on a phone, hidden scores said first', async () => {
    const page = await pageFor(ada);
    const boardPath = `${platform.api.url}/competitions/${c.id}/phases/${c.phaseId}/leaderboard`;
    await page.goto(boardPath);
    const table = page.getByTestId('leaderboard-main');
    await table.waitFor();
    const scoreTitles = ['Accuracy', 'F1 score'];
    const headers = (await table.locator('thead tr:last-child th').allInnerTexts()).map((t) =>
      t.replace(/[▲▼]/g, '').trim(),
    );
    expect(headers.filter((h) => scoreTitles.includes(h))).toEqual(scoreTitles);
    expect(await table.innerText()).toContain('0.8400');

    // The chart: y values around the score (not from zero), a date, one score drawn as a line with its value.
    const chart = page.getByTestId('score-chart');
    await chart.waitFor();
    const ticks = (await chart.locator('g.tick text').allTextContents()).map(Number);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...ticks)).toBeGreaterThan(0.5);
    expect(Math.min(...ticks)).toBeLessThan(0.84);
    expect(Math.max(...ticks)).toBeGreaterThan(0.84);
    expect(await chart.locator('text.value').textContent()).toBe('0.8400');
    expect(await chart.locator('polyline').getAttribute('points')).toMatch(/ /);

    // On a phone: the scores scroll under a sticky rank and name, with a visible hint; the page itself does not.
    await page.setViewportSize(PHONE);
    await page.getByTestId('scroll-hint-main').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    const position = (e: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { position: string } }).getComputedStyle(e).position;
    expect(await table.locator('tbody td').nth(1).evaluate(position)).toBe('sticky');
    await page.screenshot({ path: join(ARTIFACTS, 'fix-board-phone.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('scroll-hint-main').waitFor({ state: 'detached' });

    // My submissions and the submission page: the same titles, in the same order, the same rounding.
    await page.goto(`${platform.api.url}/competitions/${c.id}/phases/${c.phaseId}/submit`);
    const mine = page.locator('table').filter({ hasText: 'gbm' });
    await mine.waitFor();
    const mineHeaders = await mine.locator('thead th').allInnerTexts();
    expect(mineHeaders.filter((h) => scoreTitles.includes(h))).toEqual(scoreTitles);
    expect(await mine.innerText()).toContain('0.8400');
    await page.goto(`${platform.api.url}/submissions/${finishedId}`);
    const scores = page.getByTestId('scores');
    await scores.waitFor();
    expect(await scores.locator('tbody th').allInnerTexts()).toEqual(scoreTitles);
    expect(await scores.innerText()).toContain('0.8400');

    // Hidden results: the board says so, and not that the participant is missing from it.
    expect((await organizer.client.json('POST', `/api/phases/${c.phaseId}/hide-results`)).status).toBeLessThan(300);
    try {
      await page.goto(boardPath);
      await page.getByText('Scores are hidden until the organizers reveal them.').waitFor();
      expect(await page.locator('main').innerText()).not.toContain('You are not on this leaderboard yet');
    } finally {
      await organizer.client.json('POST', `/api/phases/${c.phaseId}/reveal`);
    }
    await page.context().close();
  });
});
