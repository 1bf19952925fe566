import { randomBytes } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { takeJob } from '../support/take-job';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/**
 * An anonymous competition's leaderboard in Chromium against the real API serving the built web app: a participant
 * sees pseudonyms only, with their own row marked; an organizer sees the names beside the pseudonyms, and turns
 * anonymity off from the settings page.
 */
describe('web app: anonymous leaderboard', () => {
  let platform: Platform;
  let browser: Browser;
  let c: { id: string; phaseId: string };
  const people: Record<string, { client: HttpClient; token: string; username: string }> = {};
  let teamName: string;

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
  const pageFor = async (token: string): Promise<{ page: Page; errors: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  };

  /** Submits and reports the run finished, as a worker would (no container runs here). */
  const scored = async (client: HttpClient, zip: string, accuracy: number, fields: Record<string, string> = {}) => {
    const r = await client.upload(`/api/phases/${c.phaseId}/submissions`, 'file', zip, fields);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const job = await takeJob(platform.queue);
    const result = { version: 1, status: 'finished', scores: { accuracy, f1: accuracy }, exitCode: 0, elapsedMs: 10 };
    expect(
      (await new HttpClient(platform.api.url).as(job.token).json('POST', workerRoutes.result(job.runId), result))
        .status,
    ).toBe(200);
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-anon', web: true, worker: false });
    for (const name of ['org', 'ada', 'bob', 'cat']) {
      people[name] = await signUp(name);
    }
    const dir = join(platform.tmp, 'bundle');
    await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
    const yaml = await readFile(join(dir, 'competition.yaml'), 'utf8');
    await writeFile(
      join(dir, 'competition.yaml'),
      yaml.replace('registration_auto_approve: true', 'registration_auto_approve: true\nanonymous_leaderboard: true'),
    );
    const created = await people.org.client.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(dir, join(platform.tmp, 'b.zip')),
    );
    await people.org.client.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    c = { id: created.body.id, phaseId: created.body.phases[0].id };
    for (const name of ['ada', 'bob', 'cat']) {
      expect(
        (await people[name].client.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true }))
          .status,
      ).toBe(200);
    }
    teamName = `Otters${randomBytes(3).toString('hex')}`;
    const team = await people.cat.client.json('POST', `/api/competitions/${c.id}/teams`, { name: teamName });
    expect(team.status).toBe(201);
    const zip = await zipFolder(join(EXAMPLE, 'submission'), join(platform.tmp, 'r.zip'));
    await scored(people.bob.client, zip, 0.9);
    await scored(people.ada.client, zip, 0.8);
    await scored(people.cat.client, zip, 0.7, { teamId: team.body.id });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('shows a participant pseudonyms only, their own row marked; an organizer the names beside them', async () => {
    const url = `${platform.api.url}/competitions/${c.id}/phases/${c.phaseId}/leaderboard`;
    const others = [people.bob.username, people.cat.username, teamName];

    const { page, errors } = await pageFor(people.ada.token);
    await page.goto(url);
    const table = page.getByTestId('leaderboard-main');
    await table.waitFor();
    const notice = page.getByTestId('anonymous-main');
    await notice.filter({ hasText: /yours is Participant \d+/ }).waitFor();
    const yours = /yours is (Participant \d+)/.exec(await notice.innerText())![1];
    const mine = table.locator('tr[aria-current="true"]');
    await mine.waitFor();
    expect(await mine.count()).toBe(1);
    expect(await mine.innerText()).toContain(yours);
    const text = await page.locator('main').innerText();
    expect(others.filter((n) => text.includes(n))).toEqual([]);
    expect(text).toMatch(/Team \d+/);
    expect(await page.getByTestId('my-rank-main').innerText()).toBe('Your rank: 2 of 3');
    await screenshot(page, 'anonymous-01-participant');
    expect(errors).toEqual([]);

    const organizer = await pageFor(people.org.token);
    await organizer.page.goto(url);
    const named = organizer.page.getByTestId('leaderboard-main');
    await named.filter({ hasText: people.bob.username }).waitFor();
    const shown = await named.innerText();
    for (const n of [...others.filter((n) => n !== people.cat.username), people.ada.username]) {
      expect(shown).toContain(n);
    }
    // Each name with the pseudonym participants see: ada's is the one she was told.
    expect(await named.locator('tr', { hasText: people.ada.username }).innerText()).toContain(`(${yours})`);
    await organizer.page.getByTestId('anonymous-main').filter({ hasText: 'pseudonym shown beside its name' }).waitFor();
    await screenshot(organizer.page, 'anonymous-02-organizer');
    expect(organizer.errors).toEqual([]);
  });

  it('the organizer turns anonymity off in the settings: the participant sees names again', async () => {
    const { page } = await pageFor(people.org.token);
    await page.goto(`${platform.api.url}/organize/competitions/${c.id}`);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const toggle = page.getByLabel('Anonymous leaderboard (participants see others as pseudonyms)');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

    const ada = await pageFor(people.ada.token);
    await ada.page.goto(`${platform.api.url}/competitions/${c.id}/phases/${c.phaseId}/leaderboard`);
    const table = ada.page.getByTestId('leaderboard-main');
    await table.filter({ hasText: people.bob.username }).waitFor();
    expect(await table.innerText()).toContain(teamName);
    expect(await ada.page.getByTestId('anonymous-main').count()).toBe(0);
    expect(await table.locator('tr[aria-current="true"]').innerText()).toContain(people.ada.username);
  });
});
