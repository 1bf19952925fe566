import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readBundle } from '@arena/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/src/cli.program';
import { ExitCode, type CliIo } from '../../../cli/src/cli-io';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification/bundle');

describe('arena login / competition export / competition upload against the running platform', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let token: string;
  let strangerToken: string;
  let home: string;
  let bundleZip: string;

  const signUp = async (name: string): Promise<string> => {
    const r = await new HttpClient(api.url).json('POST', '/api/auth/signup', {
      email: `${name}@example.org`,
      username: name,
      password: 'correct horse battery',
    });
    expect(r.status).toBe(201);
    return r.body.token;
  };
  const arena = async (env: Record<string, string>, ...args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) };
    const code = await runCli(['node', 'arena', ...args], io, { HOME: home, ...env });
    return { code, out, err };
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-cli-int-'));
    home = join(tmp, 'home');
    db = await createTestDatabase();
    queue = `arena.cli.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
    });
    token = await signUp(`org${randomBytes(3).toString('hex')}`);
    strangerToken = await signUp(`eve${randomBytes(3).toString('hex')}`);
    bundleZip = await zipFolder(EXAMPLE, join(tmp, 'b.zip'));
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it('refuses to work before login, and refuses a bad token at login', async () => {
    const before = await arena({}, 'competition', 'upload', bundleZip);
    expect(before.code).toBe(ExitCode.auth);
    expect(before.err).toContain('not logged in');
    const bad = await arena({}, 'login', '--url', api.url, '--token', 'nope');
    expect(bad.code).toBe(ExitCode.auth);
    expect(bad.err).toContain('refused the token (401)');
  });

  it('logs in, saving the server and token with owner-only permissions, then uploads and exports', async () => {
    const login = await arena({}, 'login', '--url', api.url, '--token', token);
    expect(login.code, login.err).toBe(ExitCode.ok);
    const config = join(home, '.config', 'arena', 'config.json');
    expect(JSON.parse(await readFile(config, 'utf8'))).toEqual({ url: api.url, token });
    expect((await stat(config)).mode & 0o077).toBe(0);

    const up = await arena({}, 'competition', 'upload', bundleZip);
    expect(up.code, up.err).toBe(ExitCode.ok);
    const id = /created competition ([0-9a-f-]{36})/.exec(up.out)![1];

    const full = join(tmp, 'full.zip');
    const ex = await arena({}, 'competition', 'export', id, '-o', full);
    expect(ex.code, ex.err).toBe(ExitCode.ok);
    const read = await readBundle(full);
    read.source?.close();
    expect(read.model?.title).toBe('Binary classification (Arena example)');

    const light = join(tmp, 'light.zip');
    expect((await arena({}, 'competition', 'export', id, '--light', '-o', light)).code).toBe(ExitCode.ok);
    const again = await arena({}, 'competition', 'upload', light);
    expect(again.code, again.err).toBe(ExitCode.ok);

    // ARENA_TOKEN wins over the saved login: the stranger may neither export nor reuse the datasets.
    const env = { ARENA_TOKEN: strangerToken };
    const hidden = await arena(env, 'competition', 'export', id, '-o', join(tmp, 'x.zip'));
    expect(hidden.code).toBe(ExitCode.notFound);
    expect(hidden.err).toContain('not found (404)');
    await expect(stat(join(tmp, 'x.zip'))).rejects.toThrow();
    const refused = await arena(env, 'competition', 'upload', light);
    expect(refused.code).toBe(ExitCode.invalid);
    expect(refused.err).toMatch(
      /competition\.yaml: tasks\[0\]\.scoring_program: dataset [0-9a-f-]{36} does not exist or is not yours to use/,
    );
  });

  it('uploads a bundle folder, zipped on the fly', async () => {
    const r = await arena({ ARENA_URL: api.url, ARENA_TOKEN: token }, 'competition', 'upload', EXAMPLE);
    expect(r.code, r.err).toBe(ExitCode.ok);
    expect(r.out).toMatch(
      /created competition [0-9a-f-]{36}: Binary classification \(Arena example\) \(1 phase\(s\)\)/,
    );
    const missing = await arena(
      { ARENA_URL: api.url, ARENA_TOKEN: token },
      'competition',
      'upload',
      join(tmp, 'nope.zip'),
    );
    expect(missing.code).toBe(ExitCode.usage);
  });

  it('prints every problem of a refused bundle, in the validator format, and exits 1', async () => {
    const broken = join(tmp, 'broken');
    await rm(broken, { recursive: true, force: true });
    await cp(EXAMPLE, broken, { recursive: true });
    const yaml = await readFile(join(broken, 'competition.yaml'), 'utf8');
    await writeFile(join(broken, 'competition.yaml'), yaml.replace('tasks: [0]', 'tasks: [3]'));
    const r = await arena(
      { ARENA_URL: api.url, ARENA_TOKEN: token },
      'competition',
      'upload',
      await zipFolder(broken, join(tmp, 'broken.zip')),
    );
    expect(r.code).toBe(ExitCode.invalid);
    expect(r.err).toMatch(/competition\.yaml: phases\[0\]\.tasks\[0\]: task index 3 does not exist.*\(line \d+\)/);
    expect(r.err).toContain('arena competition upload: refused: 1 problem(s)');
  });

  it('says when the server cannot be reached', async () => {
    const r = await arena({ ARENA_URL: 'http://127.0.0.1:9', ARENA_TOKEN: token }, 'competition', 'export', 'x');
    expect(r.code).toBe(ExitCode.unavailable);
    expect(r.err).toContain('cannot reach http://127.0.0.1:9');
  });
});
