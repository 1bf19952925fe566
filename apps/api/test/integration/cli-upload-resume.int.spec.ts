import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { ExitCode } from '../../../cli/src/cli-io';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const MiB = 1024 * 1024;

/** An upload interrupted part-way is resumed by running the same command again: only the missing parts are sent. */
describe('arena submit: resumable upload of a large submission', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let participant: HttpClient;
  let token: string;
  let phaseId: string;
  let big: string;
  let bigger: string;
  let home: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-cli-resume-'));
    db = await createTestDatabase();
    queue = `arena.cliresume.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
    });
    const anon = new HttpClient(api.url);
    const organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const c = (
      await organizer.upload(
        '/api/competitions',
        'bundle',
        await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip')),
      )
    ).body;
    await organizer.publish(c.id);
    phaseId = c.phases[0].id;
    const username = `ada${randomBytes(3).toString('hex')}`;
    const signed = await anon.json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    token = signed.body.token;
    participant = anon.as(token);
    await participant.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true });
    // Random bytes do not compress: about 20 MiB of zip, three parts of the server's 8 MiB.
    const folder = join(tmp, 'big');
    await mkdir(folder);
    await copyFile(join(EXAMPLE, 'submission/predictions.csv'), join(folder, 'predictions.csv'));
    await writeFile(join(folder, 'padding.bin'), randomBytes(20 * MiB));
    big = await zipFolder(folder, join(tmp, 'big.zip'));
    // Parts go three at a time: a kill after the first one is stored must leave some unsent, so eight parts here.
    const many = join(tmp, 'many');
    await mkdir(many);
    await copyFile(join(EXAMPLE, 'submission/predictions.csv'), join(many, 'predictions.csv'));
    await writeFile(join(many, 'padding.bin'), randomBytes(60 * MiB));
    bigger = await zipFolder(many, join(tmp, 'bigger.zip'));
    home = join(tmp, 'home');
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  const submit = (env: Record<string, string> = {}, killWhen?: (err: string) => boolean, file = big) =>
    runBuiltCli(
      ['submit', phaseId, file, '--no-follow'],
      { HOME: home, ARENA_URL: api.url, ARENA_TOKEN: token, ...env },
      { killWhen },
    );
  const savedUploads = async () =>
    Object.values(
      JSON.parse(await readFile(join(home, '.config', 'arena', 'uploads.json'), 'utf8')) as Record<
        string,
        { uploadId: string }
      >,
    );
  const onServer = async (id: string) => (await participant.json('GET', `/api/uploads/${id}`)).body;

  it('stops after one part, resumes with the next, and finally sends only the last one', async () => {
    const first = await submit({ ARENA_UPLOAD_STOP_AFTER_PARTS: '1' });
    expect(first.code, first.err).toBe(ExitCode.interrupted);
    expect(first.err).toMatch(/stopped after 1 part\(s\).*run the same command again to resume/);
    const [{ uploadId }] = await savedUploads();
    expect(await onServer(uploadId)).toMatchObject({ partSize: 8 * MiB, partCount: 3, received: [0], status: 'open' });

    const second = await submit({ ARENA_UPLOAD_STOP_AFTER_PARTS: '1' });
    expect(second.code, second.err).toBe(ExitCode.interrupted);
    expect(second.err).toContain(`resuming upload ${uploadId}: 1 of 3 part(s) already on the server`);
    expect(await onServer(uploadId)).toMatchObject({ received: [0, 1], status: 'open' });

    const last = await submit();
    expect(last.code, last.err).toBe(ExitCode.ok);
    expect(last.err).toContain(`resuming upload ${uploadId}: 2 of 3 part(s) already on the server`);
    expect(last.err).toContain(`uploaded big.zip as ${uploadId}: sent 1 of 3 part(s), 2 already on the server`);
    const id = /submitted ([0-9a-f-]{36})/.exec(last.out)![1];
    const created = await participant.json('GET', `/api/submissions/${id}`);
    expect(created.body.fileSize).toBe((await stat(big)).size);

    // The upload was used by the submission: forgotten here, and gone from the server.
    expect(await savedUploads()).toEqual([]);
    expect((await participant.json('GET', `/api/uploads/${uploadId}`)).status).toBe(404);
  });

  it('a CLI killed (SIGKILL) in the middle of the upload resumes from the parts the server has', async () => {
    // The second progress line comes after the first part is stored.
    const killed = await submit({}, (err) => /uploading bigger\.zip: [1-9]\d*%/.test(err), bigger);
    expect(killed.signal).toBe('SIGKILL');
    // Let the server finish with the request the kill cut off, so what it reports is what a re-run will find: the
    // parts it holds, once unchanged for a second (a loaded machine can take longer than that to store one).
    const [{ uploadId }] = await savedUploads();
    let before = (await onServer(uploadId)).received as number[];
    for (let stable = 0, tries = 0; stable < 4 && tries < 80; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      const now = (await onServer(uploadId)).received as number[];
      stable = now.join() === before.join() ? stable + 1 : 0;
      before = now;
    }
    const { partCount } = await onServer(uploadId);
    expect(partCount).toBe(8);
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(partCount);

    const rerun = await submit({}, undefined, bigger);
    expect(rerun.code, rerun.err).toBe(ExitCode.ok);
    expect(rerun.err).toContain(
      `resuming upload ${uploadId}: ${before.length} of ${partCount} part(s) already on the server`,
    );
    expect(rerun.err).toContain(
      `sent ${partCount - before.length} of ${partCount} part(s), ${before.length} already on the server`,
    );
    expect(await savedUploads()).toEqual([]);
  });

  it('a changed file is a new upload, not a resume of the old one', async () => {
    const first = await submit({ ARENA_UPLOAD_STOP_AFTER_PARTS: '1' });
    expect(first.code).toBe(ExitCode.interrupted);
    const [{ uploadId: old }] = await savedUploads();
    const later = new Date(Date.now() + 5000);
    await utimes(big, later, later);
    const again = await submit({ ARENA_UPLOAD_STOP_AFTER_PARTS: '1' });
    expect(again.code).toBe(ExitCode.interrupted);
    expect(again.err).not.toContain('resuming upload');
    const ids = (await savedUploads()).map((u) => u.uploadId);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(old);
  });
});
