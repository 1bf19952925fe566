import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { ExitCode } from '../../../cli/src/cli-io';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { zipFolder } from '../support/zip-folder';

const TEMPLATES = resolve(__dirname, '../../../../templates');
const PASSWORD = 'correct horse battery';

/**
 * The built CLI finds things as the docs describe them: competitions listed and searched, a competition's phases by
 * its title, a submission to a phase named rather than copied as an id, a login with username and password that
 * leaves an API token behind, and a competition started from a template.
 */
describe('arena CLI: competitions, phases, submit by name, login with a password, competition init', () => {
  let platform: Platform;
  let organizer: HttpClient;
  let participant: HttpClient;
  let participantName: string;
  let competition: { id: string; title: string; phaseId: string };
  let results: string;
  const home = (who: string) => join(platform.tmp, `home-${who}`);
  const arena = (who: string, env: Record<string, string>, ...args: string[]) =>
    runBuiltCli(args, { HOME: home(who), ...env });

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'cli-find', worker: false });
    const anon = new HttpClient(platform.api.url);
    organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    participantName = `ada${randomBytes(3).toString('hex')}`;
    participant = await anon.signUp(participantName);
    const bundle = await zipFolder(join(TEMPLATES, 'results-only', 'bundle'), join(platform.tmp, 'results-only.zip'));
    const created = await organizer.upload('/api/competitions', 'bundle', bundle);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await organizer.publish(created);
    competition = { id: created.body.id, title: created.body.title, phaseId: created.body.phases[0].id };
    // A draft nobody but its organizer sees: never listed, never found by its title.
    const draft = await organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(TEMPLATES, 'average-rank', 'bundle'), join(platform.tmp, 'draft.zip')),
    );
    expect(draft.status).toBe(201);
    expect(
      (await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true }))
        .status,
    ).toBe(200);
    results = await zipFolder(join(TEMPLATES, 'results-only', 'submissions', 'good'), join(platform.tmp, 'good.zip'));
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('login --username: signs in with the password, saves a new API token (not the password), ends the sign-in session', async () => {
    const url = platform.api.url;
    const noPassword = await arena('ada', {}, 'login', '--url', url, '--username', participantName);
    expect(noPassword.code).toBe(ExitCode.usage);
    expect(noPassword.err).toContain(
      'no terminal to ask for the password: pipe it with --password-stdin, or set ARENA_PASSWORD',
    );

    const wrong = await arena(
      'ada',
      { ARENA_PASSWORD: 'not the password' },
      'login',
      '--url',
      url,
      '--username',
      participantName,
    );
    expect(wrong.code).toBe(ExitCode.auth);

    const both = await arena('ada', {}, 'login', '--url', url, '--username', participantName, '--token', 'x');
    expect(both.code).toBe(ExitCode.usage);

    const openSessions = async () =>
      (
        await platform.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM access_tokens t JOIN users u ON u.id = t.user_id
            WHERE u.username = $1 AND t.kind = 'session' AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
          [participantName],
        )
      )[0].n;
    const sessionsBefore = await openSessions();
    const ok = await arena('ada', { ARENA_PASSWORD: PASSWORD }, 'login', '--url', url, '--username', participantName);
    expect(ok.code, ok.err).toBe(ExitCode.ok);
    expect(ok.out).toContain(`logged in to ${url} as ${participantName}; a new API token saved in`);
    const saved = await readFile(join(home('ada'), '.config', 'arena', 'config.json'), 'utf8');
    expect(saved).not.toContain(PASSWORD);
    expect(await openSessions()).toBe(sessionsBefore);
    const { token } = JSON.parse(saved) as { token: string };
    const tokens = await new HttpClient(url, token).json('GET', '/api/auth/tokens');
    expect(tokens.status).toBe(200);
    expect(tokens.body.map((t: { name: string }) => t.name)).toEqual([expect.stringMatching(/^arena CLI on /)]);
    // The saved token works on its own, with the URL saved beside it.
    const me = await arena('ada', {}, 'competitions', '--mine');
    expect(me.code, me.err).toBe(ExitCode.ok);
  });

  it('competitions: lists and searches what the caller may see, without a login too; drafts stay out', async () => {
    const all = await arena('anon', { ARENA_URL: platform.api.url }, 'competitions');
    expect(all.code, all.err).toBe(ExitCode.ok);
    expect(all.out).toContain(competition.title);
    expect(all.out).toContain(competition.id);
    expect(all.out).not.toContain('Average rank over several scores');

    const found = await arena('anon', { ARENA_URL: platform.api.url }, 'competitions', 'results only', '--json');
    expect(JSON.parse(found.out).map((c: { id: string }) => c.id)).toEqual([competition.id]);
    const none = await arena('anon', { ARENA_URL: platform.api.url }, 'competitions', 'no such words');
    expect(none.out).toContain('no competition matches "no such words"');
    expect((await arena('anon', {}, 'competitions')).code).toBe(ExitCode.auth);
  });

  it('phases: by title or id, with what submit needs; an unknown or hidden competition is not found', async () => {
    for (const ref of [competition.title, competition.id, 'results only (ARENA template)']) {
      const r = await arena('anon', { ARENA_URL: platform.api.url }, 'phases', ref);
      expect(r.code, r.err).toBe(ExitCode.ok);
      expect(r.out).toMatch(
        new RegExp(
          `1\\s+Development\\s+open\\s+2025-01-01 00:00Z\\s+-\\s+20\\s+500\\s+results or code\\s+${competition.phaseId}`,
        ),
      );
      expect(r.out).toContain(`arena submit "Development" <zip> --competition "${competition.title}"`);
    }
    const missing = await arena(
      'anon',
      { ARENA_URL: platform.api.url },
      'phases',
      'Average rank over several scores (Arena template)',
    );
    expect(missing.code).toBe(ExitCode.notFound);
    expect(missing.err).toContain('no competition you can see is called');
  });

  it('submit: to a phase by name or number with --competition, as by id; a name alone is refused with the way out', async () => {
    const alone = await arena('ada', {}, 'submit', 'Development', results, '--no-follow');
    expect(alone.code).toBe(ExitCode.usage);
    expect(alone.err).toContain(
      '"Development" is not a phase id: name its competition too (--competition <id or title>)',
    );

    const wrongPhase = await arena(
      'ada',
      {},
      'submit',
      'Final',
      results,
      '--competition',
      competition.title,
      '--no-follow',
    );
    expect(wrongPhase.code).toBe(ExitCode.notFound);
    expect(wrongPhase.err).toContain('has no phase called "Final": its phases are 1. Development');

    const byName = await arena(
      'ada',
      {},
      'submit',
      'development',
      results,
      '--competition',
      competition.title,
      '--no-follow',
    );
    expect(byName.code, byName.err).toBe(ExitCode.ok);
    const byNumber = await arena('ada', {}, 'submit', '1', results, '-c', competition.id, '--no-follow');
    expect(byNumber.code, byNumber.err).toBe(ExitCode.ok);
    const mine = await participant.json('GET', `/api/phases/${competition.phaseId}/submissions`);
    expect(mine.body).toHaveLength(2);

    // The other commands on a phase take it the same way.
    const listed = await arena('ada', {}, 'submissions', 'Development', '-c', competition.title, '--json');
    expect(listed.code, listed.err).toBe(ExitCode.ok);
    expect(JSON.parse(listed.out)).toHaveLength(2);
    const files = await arena('ada', {}, 'files', '1', '--competition', competition.id);
    expect(files.code, files.err).toBe(ExitCode.ok);
    expect(files.out).toMatch(/public_data\s+public_data/);
    const board = await arena('ada', {}, 'leaderboard', 'Development', '-c', competition.title, '--format', 'json');
    expect(board.code, board.err).toBe(ExitCode.ok);
    expect(JSON.parse(board.out)[0].key).toBe('main');
  });

  it('competition init: lists the templates, copies one, refuses an unknown one or a folder in use', async () => {
    const list = await arena('org', {}, 'competition', 'init');
    expect(list.code).toBe(ExitCode.ok);
    for (const name of await readdir(TEMPLATES, { withFileTypes: true })) {
      if (name.isDirectory()) {
        expect(list.out).toContain(name.name);
      }
    }
    const target = join(platform.tmp, 'my-competition');
    const made = await arena('org', {}, 'competition', 'init', 'code-submission', target);
    expect(made.code, made.err).toBe(ExitCode.ok);
    expect(made.out).toContain('from the template "Code submission (fit / predict)"');
    expect((await readdir(target)).sort()).toEqual(['README.md', 'bundle', 'submissions', 'template.json']);
    expect(await readFile(join(target, 'bundle', 'competition.yaml'), 'utf8')).toContain(
      'ingestion_program: ingestion_program',
    );

    expect((await arena('org', {}, 'competition', 'init', 'code-submission', target)).code).toBe(ExitCode.usage);
    const unknown = await arena('org', {}, 'competition', 'init', 'no-such-template', join(platform.tmp, 'x'));
    expect(unknown.code).toBe(ExitCode.usage);
    expect(unknown.err).toContain(
      'no template "no-such-template"; the templates are average-rank, codalab-v1, code-submission',
    );
  });
});
