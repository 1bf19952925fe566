import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { ExitCode } from '../../../cli/src/cli-io';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { competitionWithFiles, sha256 } from '../support/phase-files-bundle';
import { TEST_ENV } from '../support/test-env';

interface Listed {
  name: string;
  size: number;
  sha256: string;
  downloads?: number;
}

const storages = [
  { name: 'local storage', env: {} as Record<string, string> },
  {
    name: 'S3 (Ceph radosgw), through presigned URLs',
    env: {
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-cli-files-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    },
  },
];

/** `arena files` and `arena download` (built) against the real API on both storage back ends. */
describe.each(storages)('arena files / arena download on $name', ({ env }) => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let c: { id: string; phaseId: string };
  let listed: Listed[];
  const tokens = { organizer: '', participant: '', stranger: '' };

  const arena = (token: string, ...args: string[]) =>
    runBuiltCli(args, { HOME: join(fx.tmp, 'home'), ARENA_URL: fx.api.url, ...(token ? { ARENA_TOKEN: token } : {}) });
  const counts = async () => {
    const r = await organizer.json('GET', `/api/phases/${c.phaseId}/files`);
    return Object.fromEntries((r.body.files as Listed[]).map((f) => [f.name, f.downloads]));
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start(env);
    const signUp = async (who: keyof typeof tokens) => {
      const username = `${who.slice(0, 3)}${randomBytes(3).toString('hex')}`;
      const r = await fx.anon.json('POST', '/api/auth/signup', {
        email: `${username}@example.org`,
        username,
        password: 'correct horse battery',
      });
      tokens[who] = r.body.token;
      return fx.anon.as(r.body.token);
    };
    organizer = await signUp('organizer');
    const participant = await signUp('participant');
    await signUp('stranger');
    c = await competitionWithFiles(fx.tmp, organizer);
    await fx.register(participant, c.id);
    listed = (await participant.json('GET', `/api/phases/${c.phaseId}/files`)).body.files;
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('files: a table of what the phase offers, or the listing as JSON', async () => {
    const table = await arena(tokens.participant, 'files', c.phaseId);
    expect(table.code, table.err).toBe(ExitCode.ok);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+KIND\s+SIZE\s+SHA256\s+TITLE$/);
    expect(lines[2]).toMatch(
      new RegExp(`^public_data\\s+public_data\\s+[\\d.]+ KiB\\s+${listed[0].sha256.slice(0, 12)}\\s+Public data$`),
    );
    expect(lines[3]).toMatch(/^starting_kit\s+starting_kit\s+.*Starting kit$/);
    expect(table.out).not.toContain('DOWNLOADS');

    const json = await arena(tokens.participant, 'files', c.phaseId, '--json');
    expect(json.code).toBe(ExitCode.ok);
    expect(JSON.parse(json.out)).toMatchObject({ phaseId: c.phaseId, filesPublic: false, files: listed });

    const seenByOrganizer = await arena(tokens.organizer, 'files', c.phaseId);
    expect(seenByOrganizer.out).toMatch(/^NAME\s+KIND\s+SIZE\s+SHA256\s+DOWNLOADS\s+TITLE$/m);
  });

  it('files: refusals get their exit statuses', async () => {
    const stranger = await arena(tokens.stranger, 'files', c.phaseId);
    expect(stranger.code).toBe(ExitCode.forbidden);
    expect(stranger.err).toContain('register for this competition first');
    const anonymous = await arena('', 'files', c.phaseId);
    expect(anonymous.code).toBe(ExitCode.auth);
    const unknown = await arena(
      tokens.participant,
      'download',
      c.phaseId,
      'reference_data',
      '-o',
      join(fx.tmp, 'nope'),
    );
    expect(unknown.code).toBe(ExitCode.notFound);
    expect(unknown.err).toContain('it offers: public_data, starting_kit');
  });

  it('download: every file of the phase into -o, checked against its sha256', async () => {
    const dir = join(fx.tmp, `all-${randomBytes(2).toString('hex')}`);
    const r = await arena(tokens.participant, 'download', c.phaseId, '-o', dir);
    expect(r.code, r.err).toBe(ExitCode.ok);
    expect((await readdir(dir)).sort()).toEqual(['public_data.zip', 'starting_kit.zip']);
    for (const f of listed) {
      const bytes = await readFile(join(dir, `${f.name}.zip`));
      expect(bytes.length).toBe(f.size);
      expect(sha256(bytes)).toBe(f.sha256);
      expect(r.out).toContain(`${join(dir, `${f.name}.zip`)}: `);
    }
    // Progress goes to stderr; a pipe gets plain lines.
    expect(r.err).toMatch(/public_data: 100% \(/);
    const again = await arena(tokens.participant, 'download', c.phaseId, 'starting_kit', '-o', dir);
    expect(again.out).toContain('(already there)');
  });

  it('download: a cut download leaves a .part file, and the next run resumes it with a Range request', async () => {
    const before = await counts();
    const dir = join(fx.tmp, `resume-${randomBytes(2).toString('hex')}`);
    const file = listed.find((f) => f.name === 'public_data')!;
    const cut = await runBuiltCli(['download', c.phaseId, 'public_data', '-o', dir], {
      HOME: join(fx.tmp, 'home'),
      ARENA_URL: fx.api.url,
      ARENA_TOKEN: tokens.participant,
      ARENA_DOWNLOAD_STOP_AFTER_BYTES: '10000',
    });
    expect(cut.code, cut.err).toBe(ExitCode.interrupted);
    expect(cut.err).toContain('run the same command again to resume');
    expect((await stat(join(dir, 'public_data.zip.part'))).size).toBe(10000);
    expect(await readdir(dir)).toEqual(['public_data.zip.part']);

    const resumed = await arena(tokens.participant, 'download', c.phaseId, 'public_data', '-o', dir);
    expect(resumed.code, resumed.err).toBe(ExitCode.ok);
    expect(resumed.out).toContain('(resumed at byte 10000)');
    expect(await readdir(dir)).toEqual(['public_data.zip']);
    expect(sha256(await readFile(join(dir, 'public_data.zip')))).toBe(file.sha256);
    // The cut run counted as a download; the resumed one asked for bytes 10000- and so did not.
    expect((await counts()).public_data).toBe((before.public_data ?? 0) + 1);
  });

  it('download: a .part that is not a prefix of the file fails the sha256 check, is removed, and a re-run recovers', async () => {
    const dir = join(fx.tmp, `corrupt-${randomBytes(2).toString('hex')}`);
    const first = await arena(tokens.participant, 'download', c.phaseId, 'starting_kit', '-o', dir);
    expect(first.code).toBe(ExitCode.ok);
    const good = await readFile(join(dir, 'starting_kit.zip'));
    await writeFile(join(dir, 'starting_kit.zip'), Buffer.alloc(0));
    await writeFile(join(dir, 'starting_kit.zip.part'), Buffer.from('x'.repeat(100)));
    const bad = await arena(tokens.participant, 'download', c.phaseId, 'starting_kit', '-o', dir);
    expect(bad.code).toBe(ExitCode.unavailable);
    expect(bad.err).toContain('does not match its sha256');
    expect(await readdir(dir)).toEqual(['starting_kit.zip']);
    const again = await arena(tokens.participant, 'download', c.phaseId, 'starting_kit', '-o', dir);
    expect(again.code, again.err).toBe(ExitCode.ok);
    expect((await readFile(join(dir, 'starting_kit.zip'))).equals(good)).toBe(true);
  });

  it('download: anybody, without a token, once the organizer makes the files public', async () => {
    const dir = join(fx.tmp, `public-${randomBytes(2).toString('hex')}`);
    expect((await arena('', 'download', c.phaseId, '-o', dir)).code).toBe(ExitCode.auth);
    expect((await organizer.json('PATCH', `/api/competitions/${c.id}`, { filesPublic: true })).status).toBe(200);
    const r = await arena('', 'download', c.phaseId, 'public_data', '-o', dir);
    expect(r.code, r.err).toBe(ExitCode.ok);
    expect(sha256(await readFile(join(dir, 'public_data.zip')))).toBe(listed[0].sha256);
    await organizer.json('PATCH', `/api/competitions/${c.id}`, { filesPublic: false });
  });
});
