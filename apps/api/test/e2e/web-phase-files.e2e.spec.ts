import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { HttpClient } from '../support/http-client';
import { competitionWithFiles, sha256, WITH_PARTS } from '../support/phase-files-bundle';
import { type Platform, startPlatform } from '../support/platform';

interface Listed {
  name: string;
  size: number;
  sha256: string;
}

/** The competition page's Files section in Chromium against the real API serving the built web app. */
describe('web app: the files of each phase', () => {
  let platform: Platform;
  let browser: Browser;
  let organizer: { client: HttpClient; token: string };
  let participant: { client: HttpClient; token: string };
  let c: { id: string; phaseId: string };
  let listed: Listed[];

  /** A browser context signed in with `token` (the app keeps its token in localStorage), or signed out. */
  const contextFor = async (token?: string): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    if (token) {
      await context.addInitScript(`localStorage.setItem('arena.token', ${JSON.stringify(token)})`);
    }
    return context;
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'web-files', web: true, worker: false });
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
    c = await competitionWithFiles(platform.tmp, organizer.client, [
      ...WITH_PARTS,
      // Approval by hand: a registered participant waits until an organizer approves.
      ['registration_auto_approve: true', 'registration_auto_approve: false'],
    ]);
    listed = (await organizer.client.json('GET', `/api/phases/${c.phaseId}/files`)).body.files;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('tells who may download, lists the files to an approved participant, downloads them, and shows counts to organizers', async () => {
    const page = await (await contextFor()).newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const files = page.getByRole('region', { name: 'Files' });

    // Signed out: how to get them.
    await page.goto(`${platform.api.url}/competitions/${c.id}`);
    await files.getByRole('tab', { name: 'Development' }).waitFor();
    await files.getByText('Sign in and register for this competition to download its files.').waitFor();
    expect(await files.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      `/sign-in?next=${encodeURIComponent(`/competitions/${c.id}`)}`,
    );

    // Registered, pending approval: why not yet.
    await participant.client.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true });
    const mine = await (await contextFor(participant.token)).newPage();
    mine.setDefaultTimeout(20_000);
    mine.on('pageerror', (e) => pageErrors.push(e.message));
    const myFiles = mine.getByRole('region', { name: 'Files' });
    await mine.goto(`${platform.api.url}/competitions/${c.id}`);
    await myFiles
      .getByText(/The files are for approved participants of this competition \(the registration is pending\)/)
      .waitFor();
    await screenshot(mine, 'files-01-pending');

    // Approved: the list, and each file downloads with the right bytes.
    const me = await participant.client.json('GET', '/api/auth/me');
    const approved = await organizer.client.json(
      'POST',
      `/api/competitions/${c.id}/participants/${me.body.id}/approve`,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await mine.reload();
    await myFiles.getByRole('cell', { name: /^Public data/ }).waitFor();
    await myFiles.getByRole('cell', { name: /^Starting kit/ }).waitFor();
    expect(await myFiles.getByRole('columnheader').allInnerTexts()).not.toContain('Downloads');
    expect((await myFiles.innerText()).toLowerCase()).not.toContain('reference');
    for (const f of listed) {
      const title = f.name === 'public_data' ? 'Public data' : 'Starting kit';
      const [download] = await Promise.all([
        mine.waitForEvent('download'),
        myFiles.getByRole('button', { name: `Download ${title} (${f.name}.zip)` }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${f.name}.zip`);
      const bytes = await readFile((await download.path())!);
      expect(bytes.length).toBe(f.size);
      expect(sha256(bytes)).toBe(f.sha256);
    }
    await screenshot(mine, 'files-02-participant');

    // Organizers see how often each was downloaded.
    const org = await (await contextFor(organizer.token)).newPage();
    org.setDefaultTimeout(20_000);
    await org.goto(`${platform.api.url}/competitions/${c.id}`);
    const orgFiles = org.getByRole('region', { name: 'Files' });
    await orgFiles.getByRole('columnheader', { name: 'Downloads' }).waitFor();
    const row = orgFiles.getByRole('row', { name: /^Public data/ });
    expect(await row.getByRole('cell').nth(2).innerText()).toBe('1');
    await screenshot(org, 'files-03-organizer');

    // Made public: the signed-out visitor gets the list too.
    expect((await organizer.client.json('PATCH', `/api/competitions/${c.id}`, { filesPublic: true })).status).toBe(200);
    await page.reload();
    await files.getByRole('cell', { name: /^Public data/ }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
