import { randomBytes, randomUUID } from 'node:crypto';
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { ExitCode } from '../../../cli/src/cli-io';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import type { TestApi } from '../support/test-api';
import type { TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The built `arena` CLI against a real API, database, broker and storage: every command and its refusals. */
describe('arena CLI (built) against the running platform', () => {
  let platform: Platform;
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let organizer: HttpClient;
  let participant: HttpClient;
  let stranger: HttpClient;
  let bundleDir: string;
  let results: string;
  let competitionId: string;
  let phaseId: string;
  const queues: string[] = [];

  /** Each user has a HOME of their own, hence their own saved login and upload state. */
  const homes = { organizer: '', participant: '', stranger: '' };
  const arena = (home: string, ...args: string[]) => runBuiltCli(args, { HOME: home });
  const tokens = { organizer: '', participant: '', stranger: '' };
  const signUp = async (who: keyof typeof tokens, prefix: string): Promise<HttpClient> => {
    const username = `${prefix}${randomBytes(3).toString('hex')}`;
    const r = await new HttpClient(api.url).json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    expect(r.status).toBe(201);
    tokens[who] = r.body.token;
    return new HttpClient(api.url, r.body.token);
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'cli-cmds', worker: false });
    ({ tmp, db, api } = platform);
    organizer = await signUp('organizer', 'org');
    participant = await signUp('participant', 'ada');
    stranger = await signUp('stranger', 'eve');
    for (const who of Object.keys(homes) as (keyof typeof homes)[]) {
      homes[who] = join(tmp, `home-${who}`);
    }
    // One submission a day, so the second one shows the CLI's answer to a limit (429).
    bundleDir = join(tmp, 'bundle');
    await cp(join(EXAMPLE, 'bundle'), bundleDir, { recursive: true });
    const yaml = await readFile(join(bundleDir, 'competition.yaml'), 'utf8');
    await writeFile(
      join(bundleDir, 'competition.yaml'),
      yaml.replace('max_submissions_per_day: 100', 'max_submissions_per_day: 1'),
    );
    results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
  });

  afterAll(async () => {
    for (const id of queues) {
      await db.query('DELETE FROM competition_queues WHERE queue_id = $1', [id]).catch(() => undefined);
      await organizer.json('DELETE', `/api/queues/${id}`).catch(() => undefined);
    }
    await platform?.close();
  });

  it('login: refuses a bad token with the auth status, saves a good one owner-only', async () => {
    const before = await arena(homes.organizer, 'submissions', randomUUID());
    expect(before.code).toBe(ExitCode.auth);
    expect(before.err).toContain('not logged in: run arena login');

    const bad = await arena(homes.organizer, 'login', '--url', api.url, '--token', 'not-a-token');
    expect(bad.code).toBe(ExitCode.auth);
    expect(bad.err).toContain(`${api.url} refused the token (401)`);

    for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) {
      const r = await arena(homes[who], 'login', '--url', api.url, '--token', tokens[who]);
      expect(r.code, r.err).toBe(ExitCode.ok);
      expect(r.out).toContain(`logged in to ${api.url} as`);
    }
    const config = join(homes.organizer, '.config', 'arena', 'config.json');
    expect((await stat(config)).mode & 0o077).toBe(0);

    const unreachable = await runBuiltCli(['submissions', randomUUID()], {
      HOME: homes.organizer,
      ARENA_URL: 'http://127.0.0.1:9',
    });
    expect(unreachable.code).toBe(ExitCode.unavailable);
    expect(unreachable.err).toContain('cannot reach http://127.0.0.1:9');
  });

  it('competition upload: a bundle folder through the resumable upload, with progress lines on a non-terminal', async () => {
    const r = await arena(homes.organizer, 'competition', 'upload', bundleDir, '--visibility', 'public');
    expect(r.code, r.err).toBe(ExitCode.ok);
    const m = /created competition ([0-9a-f-]{36}): Binary classification \(Arena example\) \(1 phase\(s\)\)/.exec(
      r.out,
    );
    expect(m, r.out).not.toBeNull();
    competitionId = m![1];
    phaseId = new RegExp(`phase 0 (${UUID.source}): Development`).exec(r.out)![1];
    expect(r.out).toContain('  visibility: public');
    expect(r.err).toMatch(/uploading bundle\.zip: 100% \(/);
    expect(r.err).toMatch(new RegExp(`uploaded bundle\\.zip as ${UUID.source}: sent 1 of 1 part\\(s\\)`));
    // A folder is zipped afresh on each run: nothing to resume, so nothing remembered.
    const state = await readFile(join(homes.organizer, '.config', 'arena', 'uploads.json'), 'utf8').catch(() => '{}');
    expect(JSON.parse(state)).toEqual({});

    const exported = join(tmp, 'export.zip');
    const ex = await arena(homes.organizer, 'competition', 'export', competitionId, '-o', exported);
    expect(ex.code, ex.err).toBe(ExitCode.ok);
    expect((await stat(exported)).size).toBeGreaterThan(0);
    const hidden = await arena(homes.stranger, 'competition', 'export', competitionId, '-o', join(tmp, 'x.zip'));
    expect(hidden.code).toBe(ExitCode.notFound);
    await expect(stat(join(tmp, 'x.zip'))).rejects.toThrow();
  });

  it('competition upload: a refused bundle prints each problem with its file and YAML path, and exits 1', async () => {
    const broken = join(tmp, 'broken');
    await cp(bundleDir, broken, { recursive: true });
    const yaml = await readFile(join(broken, 'competition.yaml'), 'utf8');
    await writeFile(join(broken, 'competition.yaml'), yaml.replace('tasks: [0]', 'tasks: [3]'));
    const r = await arena(homes.organizer, 'competition', 'upload', await zipFolder(broken, join(tmp, 'broken.zip')));
    expect(r.code).toBe(ExitCode.invalid);
    expect(r.err).toMatch(/competition\.yaml: phases\[0\]\.tasks\[0\]: task index 3 does not exist.*\(line \d+\)/);
    expect(r.err).toContain('arena competition upload: refused: 1 problem(s)');
    const missing = await arena(homes.organizer, 'competition', 'upload', join(tmp, 'nope.zip'));
    expect(missing.code).toBe(ExitCode.usage);
  });

  it('submit --no-follow, submissions (table and JSON), and the refusals of a submission', async () => {
    const unregistered = await arena(homes.participant, 'submit', phaseId, results, '--no-follow');
    expect(unregistered.code, unregistered.err).toBe(ExitCode.forbidden);
    expect(unregistered.err).toContain('arena submit: not allowed (403)');

    const joined = await participant.json('POST', `/api/competitions/${competitionId}/participation`, {
      acceptTerms: true,
    });
    expect(joined.body.status).toBe('approved');
    const r = await arena(homes.participant, 'submit', phaseId, results, '--no-follow', '--description', 'first try');
    expect(r.code, r.err).toBe(ExitCode.ok);
    const id = new RegExp(`submitted (${UUID.source}) \\((queued|submitted)\\)`).exec(r.out)![1];

    const again = await arena(homes.participant, 'submit', phaseId, results, '--no-follow');
    expect(again.code, again.err).toBe(ExitCode.rateLimited);
    expect(again.err).toMatch(/arena submit: limit reached \(429\): .*resets at /);

    const nowhere = await arena(homes.participant, 'submit', randomUUID(), results, '--no-follow');
    expect(nowhere.code, nowhere.err).toBe(ExitCode.notFound);

    const table = await arena(homes.participant, 'submissions', phaseId);
    expect(table.code, table.err).toBe(ExitCode.ok);
    const lines = table.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+SUBMITTED\s+SCORES\s+DESCRIPTION$/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(new RegExp(`^${id}\\s+(queued|submitted)\\s+\\d{4}-\\d\\d-\\d\\d \\S+\\s+first try$`));
    const json = await arena(homes.participant, 'submissions', phaseId, '--json');
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ id, description: 'first try', phaseId })]);
    expect(JSON.parse((await arena(homes.stranger, 'submissions', phaseId, '--json')).out)).toEqual([]);
  });

  it('leaderboard as a table, CSV (the API export) and JSON', async () => {
    const table = await arena(homes.participant, 'leaderboard', phaseId);
    expect(table.code, table.err).toBe(ExitCode.ok);
    expect(table.out).toMatch(/^Results \(main\): 0 row\(s\)\n#\s+PARTICIPANT\s+Accuracy\s+F1 score\s+SUBMISSION\n/);

    const csv = await arena(homes.participant, 'leaderboard', phaseId, '--format', 'csv');
    expect(csv.code, csv.err).toBe(ExitCode.ok);
    const exported = await participant.raw(`/api/phases/${phaseId}/leaderboards/main/export?format=csv`);
    expect(csv.out.trimEnd()).toBe((await exported.text()).trimEnd());

    const json = await arena(homes.participant, 'leaderboard', phaseId, '--board', 'main', '--format', 'json');
    expect(json.code, json.err).toBe(ExitCode.ok);
    expect(JSON.parse(json.out)).toMatchObject({ key: 'main', primaryKey: 'accuracy', rows: [] });

    const unknown = await arena(homes.participant, 'leaderboard', phaseId, '--board', 'nope');
    expect(unknown.code).toBe(ExitCode.notFound);
    const badFormat = await arena(homes.participant, 'leaderboard', phaseId, '--format', 'xml');
    expect(badFormat.code).toBe(ExitCode.usage);
  });

  it('queue create / rotate / delete: credentials shown once, with a warning; a queue in use is deleted, its competitions back on the default queue', async () => {
    const created = await arena(homes.organizer, 'queue', 'create', 'Lab box', '--json');
    expect(created.code, created.err).toBe(ExitCode.ok);
    expect(created.err).toContain('shown only now');
    const queue = JSON.parse(created.out) as { id: string; brokerUrl: string; name: string; isPublic: boolean };
    queues.push(queue.id);
    expect(queue).toMatchObject({ name: 'Lab box', isPublic: false, brokerUrl: expect.stringMatching(/^amqps?:\/\//) });

    const human = await arena(homes.organizer, 'queue', 'create', 'Shared box', '--public');
    expect(human.code, human.err).toBe(ExitCode.ok);
    const second = new RegExp(`created queue (${UUID.source}): Shared box`).exec(human.out)![1];
    queues.push(second);
    expect(human.out).toContain('public:        yes');
    expect(human.out).toMatch(/AMQP_URL=amqps?:\/\/\S+/);

    const rotated = await arena(homes.organizer, 'queue', 'rotate', queue.id, '--json');
    expect(rotated.code, rotated.err).toBe(ExitCode.ok);
    expect(rotated.err).toContain('shown only now');
    expect(JSON.parse(rotated.out).brokerUrl).not.toBe(queue.brokerUrl);
    expect((await arena(homes.stranger, 'queue', 'rotate', queue.id)).code).not.toBe(ExitCode.ok);

    // A competition still sending its jobs there goes back to the default queue.
    expect(
      (await organizer.json('PUT', `/api/competitions/${competitionId}/queue`, { queueId: queue.id })).status,
    ).toBe(204);
    const deleted = await arena(homes.organizer, 'queue', 'delete', queue.id);
    expect(deleted.code, deleted.err).toBe(ExitCode.ok);
    expect(deleted.out).toContain(`deleted queue ${queue.id}`);
    expect(
      (await organizer.json('GET', `/api/competitions/${competitionId}`)).body.organizerSettings.queueId,
    ).toBeNull();
    expect((await arena(homes.organizer, 'queue', 'delete', queue.id)).code).toBe(ExitCode.notFound);
  });

  it('worker status: an idle queue says so; the platform queue is for admins (403)', async () => {
    const created = JSON.parse((await arena(homes.organizer, 'queue', 'create', 'Empty', '--json')).out) as {
      id: string;
    };
    queues.push(created.id);
    const r = await arena(homes.organizer, 'worker', 'status', '--queue', created.id);
    expect(r.code, r.err).toBe(ExitCode.ok);
    expect(r.out).toContain(`no worker is consuming queue ${created.id} now`);
    const json = await arena(homes.organizer, 'worker', 'status', '--queue', created.id, '--json');
    expect(JSON.parse(json.out)).toEqual([]);
    const notAdmin = await arena(homes.organizer, 'worker', 'status');
    expect(notAdmin.code, notAdmin.err).toBe(ExitCode.forbidden);
    expect(notAdmin.err).toContain('arena worker status: not allowed (403)');
  });
});
