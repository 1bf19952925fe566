import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { takeJob } from '../support/take-job';
import { V1_BASE, v1Bundle } from '../support/v1-bundle';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

// Runs in the page (a string: this project's tsconfig has no DOM types): form controls in <main> without a label.
const UNLABELLED_CONTROLS = `(() => Array.from(document.querySelectorAll('main input, main select, main textarea'))
  .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map((e) => e.outerHTML.slice(0, 120)))()`;

/** A CodaLab v1 competition that sets the flags the web app shows or switches, one of them without effect here. */
const yaml = (() => {
  const at = (text: string, after: string, lines: string) => {
    if (!text.includes(after)) {
      throw new Error(`no ${after} in the YAML`);
    }
    return text.replace(after, `${after}${lines}`);
  };
  return at(
    at(
      V1_BASE,
      'has_registration: False\n',
      'enable_teams: True\nrequire_team_approval: True\nenable_per_submission_metadata: True\nenable_forum: True\nreward: 500 EUR\nadmin_names: nobody-here\n',
    ),
    '    reference_data: reference_data.zip\n',
    '    color: orange\n    max_submission_size: 50\n',
  );
})();

/**
 * The competition options in Chromium against the real API serving the built web app: an organizer uploads a v1
 * bundle and reads its warnings, approves a pending team, sets the contact and turns teams off; a participant sees
 * the logo, reward, contact and the phase in its colour with its size cap, no team creation, and describes their
 * method when submitting; the submission waits until the organizer runs it, and its page says the boards are locked.
 */
describe('web app: competition options', () => {
  let platform: Platform;
  let browser: Browser;
  const people: Record<string, { client: HttpClient; token: string; username: string }> = {};
  let competitionId: string;
  let teamName: string;
  let submissionId: string;
  const pageErrors: string[] = [];

  const signUp = async (prefix: string) => {
    const username = `${prefix}${randomBytes(3).toString('hex')}`;
    const anon = new HttpClient(platform.api.url);
    const r = await anon.json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    expect(r.status).toBe(201);
    return { client: anon.as(r.body.token), token: r.body.token as string, username };
  };

  /** A page signed in with `token` (the app keeps its token in localStorage). */
  const pageFor = async (token: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-opts', web: true, worker: false });
    for (const name of ['org', 'ada', 'bob']) {
      people[name] = await signUp(name);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('an organizer uploads a v1 bundle, reads what has no effect, approves a pending team and edits the options', async () => {
    const page = await pageFor(people.org.token);
    await page.goto(`${platform.api.url}/organize`);
    await page.getByLabel('Competition bundle (zip)').setInputFiles(await v1Bundle(platform.tmp, yaml));
    await page.getByRole('button', { name: 'Upload bundle' }).click();

    const warnings = page.getByTestId('upload-warnings');
    await warnings.waitFor();
    competitionId = /\/organize\/competitions\/([0-9a-f-]{36})/.exec(page.url())![1];
    const text = await warnings.innerText();
    expect(text).toMatch(/was imported with 2 warnings/);
    expect(text).toContain('enable_forum');
    expect(text).toMatch(/has no effect here/);
    expect(text).toMatch(/admin_names[\s\S]*no user nobody-here/);
    expect(text).toMatch(/competition\.yaml, line \d+/);
    await screenshot(page, 'options-01-upload-warnings');
    // A new competition is a draft: the organizer opens it to participants.
    await people.org.client.publish(competitionId);

    // A participant founds a team: it waits for approval, and its member is told so.
    await people.bob.client.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
    teamName = `Otters${randomBytes(2).toString('hex')}`;
    const created = await people.bob.client.json('POST', `/api/competitions/${competitionId}/teams`, {
      name: teamName,
    });
    expect(created).toMatchObject({ status: 201, body: { status: 'pending' } });
    const bob = await pageFor(people.bob.token);
    await bob.goto(`${platform.api.url}/competitions/${competitionId}`);
    await bob
      .getByTestId('team-status')
      .filter({ hasText: `Team ${teamName} awaits the organizers' approval` })
      .waitFor();
    await screenshot(bob, 'options-02-team-pending');

    // The organizer approves it from the Teams tab.
    await page.getByRole('tab', { name: 'Teams' }).click();
    const row = page.getByTestId(`team-${teamName}`);
    await row.filter({ hasText: 'pending' }).waitFor();
    expect(await row.innerText()).toContain(`${people.bob.username} (captain)`);
    await page.getByRole('button', { name: `Approve team ${teamName}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Team ${teamName} approved.` })
      .waitFor();
    await row.filter({ hasText: 'approved' }).waitFor();
    await screenshot(page, 'options-03-teams');
    expect(
      (await people.bob.client.json('GET', `/api/competitions/${competitionId}/teams/mine`)).body.team.status,
    ).toBe('approved');
    await bob.reload();
    await bob
      .getByTestId('team-status')
      .filter({ hasText: `You are in team ${teamName}` })
      .waitFor();

    // Settings: the options as switches, no Forum switch; the contact is set and teams turned off.
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByLabel('Forum', { exact: true }).count()).toBe(0);
    const teams = page.getByLabel('Participants may form teams');
    expect(await teams.isChecked()).toBe(true);
    expect(
      await page.getByLabel('Submitters describe their method: name, description, code and paper links').isChecked(),
    ).toBe(true);
    expect(await page.getByLabel('Reward (empty: none)').inputValue()).toBe('500 EUR');
    await page.getByLabel('Contact e-mail (empty: none)').fill('organizers@example.org');
    await teams.uncheck();
    // Submissions wait for the organizers to run them (auto_run_submissions: false); picks are locked.
    await page.getByLabel('Run submissions automatically').uncheck();
    await page.getByLabel('Participants cannot choose which of their submissions the leaderboards show').check();
    expect(await page.evaluate(UNLABELLED_CONTROLS)).toEqual([]);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await screenshot(page, 'options-04-settings');
    const saved = (await people.org.client.json('GET', `/api/competitions/${competitionId}`)).body;
    expect(saved).toMatchObject({
      contactEmail: 'organizers@example.org',
      options: { enableTeams: false, enableSubmissionMetadata: true, disallowLeaderboardModifying: true },
      organizerSettings: { autoRunSubmissions: false },
    });

    // Phases: the colour and size cap the bundle set.
    await page.getByRole('tab', { name: 'Phases' }).click();
    expect(await page.getByLabel('Tab colour').inputValue()).toBe('orange');
    expect(await page.getByLabel("Largest submission, MB (empty: the platform's cap)").inputValue()).toBe('50');
    expect(pageErrors).toEqual([]);
  });

  it('a participant sees logo, reward, contact and the coloured phase, no team creation, and describes the method', async () => {
    await people.ada.client.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
    const page = await pageFor(people.ada.token);
    await page.goto(`${platform.api.url}/competitions/${competitionId}`);

    const logo = page.getByTestId('competition-logo');
    await logo.waitFor();
    await page.waitForFunction(`document.querySelector('[data-testid="competition-logo"]').naturalWidth > 0`);
    expect(await logo.getAttribute('alt')).toBe('Logo of CodaLab v1 competition');
    expect(await page.getByTestId('reward').innerText()).toBe('500 EUR');
    const contact = page.getByTestId('contact').getByRole('link', { name: 'organizers@example.org' });
    expect(await contact.getAttribute('href')).toBe('mailto:organizers@example.org');

    const { phases } = (await people.ada.client.json('GET', `/api/competitions/${competitionId}`)).body;
    const phase = page.getByTestId(`phase-${phases[0].index}`);
    expect(await phase.getAttribute('class')).toContain('phase-color-orange');
    const stripe = `getComputedStyle(document.querySelector('[data-testid="phase-${phases[0].index}"]')).borderTopColor`;
    expect(await page.evaluate(stripe)).toBe('rgb(232, 113, 10)');
    expect(await phase.innerText()).toMatch(/Largest submission\s+50 MB/);

    // Teams are off: a line saying so, no way to found one.
    await page.getByTestId('no-teams').waitFor();
    expect(await page.getByRole('button', { name: 'Create team' }).count()).toBe(0);
    expect(await page.getByLabel('Team name').count()).toBe(0);
    await screenshot(page, 'options-05-participant');

    // The submit page asks for the method; the submission page shows it back.
    await page.getByRole('link', { name: 'Submit to Development' }).click();
    await page.getByTestId('submission-metadata').waitFor();
    await page.getByLabel('Method name').fill('Gradient boosting');
    await page.getByLabel('Method description').fill('Trees, then more trees.');
    await page.getByLabel('Code link (http:// or https://)').fill('https://git.example.org/ada/gbm');
    await page.getByLabel('Paper link (http:// or https://)').fill('not a link');
    expect(await page.evaluate(UNLABELLED_CONTROLS)).toEqual([]);
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'results.zip'));
    // A results-only phase (CodaLab is_scoring_only) asks for results only.
    await page.getByLabel('Results (zip)', { exact: true }).setInputFiles(results);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    // Checked before any byte is sent.
    await page.getByRole('alert').filter({ hasText: 'Paper link: an http:// or https:// address' }).waitFor();
    await screenshot(page, 'options-06-submit-metadata');
    await page.getByLabel('Paper link (http:// or https://)').fill('');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);
    const shown = page.getByTestId('submission-metadata');
    await shown.waitFor();
    expect(await shown.innerText()).toMatch(
      /Gradient boosting[\s\S]*Trees, then more trees\.[\s\S]*https:\/\/git\.example\.org\/ada\/gbm/,
    );
    expect(await shown.getByRole('link', { name: 'https://git.example.org/ada/gbm' }).getAttribute('href')).toBe(
      'https://git.example.org/ada/gbm',
    );
    // Held until an organizer runs it.
    await page.getByTestId('held').waitFor();
    await screenshot(page, 'options-07-submission');

    const id = /\/submissions\/([0-9a-f-]{36})$/.exec(page.url())![1];
    submissionId = id;
    const stored = (await people.ada.client.json('GET', `/api/submissions/${id}`)).body;
    expect(stored.metadata).toEqual({
      methodName: 'Gradient boosting',
      methodDescription: 'Trees, then more trees.',
      codeUrl: 'https://git.example.org/ada/gbm',
    });
    expect(pageErrors).toEqual([]);
  });

  it('the organizer runs the held submission; once scored, its submitter reads that the boards are locked', async () => {
    const page = await pageFor(people.org.token);
    await page.goto(`${platform.api.url}/organize/competitions/${competitionId}?tab=submissions`);
    await page.getByTestId('held-notice').waitFor();
    const row = page.getByTestId(`submission-${submissionId}`);
    await row.filter({ hasText: 'waiting for you to run it' }).waitFor();
    await page.getByRole('button', { name: 'Run all waiting (1)' }).waitFor();
    await screenshot(page, 'options-08-held');
    await page.getByRole('button', { name: `Run submission ${submissionId.slice(0, 8)}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Submission ${submissionId.slice(0, 8)} sent to the workers.` })
      .waitFor();
    await row.filter({ hasNotText: 'waiting for you to run it' }).waitFor();

    // Released: the job reaches the queue; scored as a worker would report it.
    const job = await takeJob(platform.queue);
    const result = { version: 1, status: 'finished', scores: { accuracy: 0.9, f1: 0.8 }, exitCode: 0, elapsedMs: 10 };
    expect(
      (await new HttpClient(platform.api.url).as(job.token).json('POST', workerRoutes.result(job.runId), result))
        .status,
    ).toBe(200);

    const ada = await pageFor(people.ada.token);
    await ada.goto(`${platform.api.url}/submissions/${submissionId}`);
    await ada.getByTestId('submission-status').filter({ hasText: 'finished' }).waitFor();
    await ada.getByTestId('picks-locked').waitFor();
    expect(await ada.getByRole('button', { name: /^Put on / }).count()).toBe(0);
    await screenshot(ada, 'options-09-picks-locked');
    expect(pageErrors).toEqual([]);
  });
});
