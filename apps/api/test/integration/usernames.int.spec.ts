import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SafeZip } from '@arena/safe-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';

/** Issue 15, finding 6: usernames from a safe set, reserved names refused, archive entry names made safe. */
describe('usernames', () => {
  let fx: ArenaFixture;
  const signUp = (username: string) =>
    fx.anon.json('POST', '/api/auth/signup', {
      email: `u${Math.random().toString(36).slice(2)}@example.org`,
      username,
      password: 'correct horse battery',
    });

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });
  afterAll(() => fx?.stop());

  it('refuses names outside the safe set and reserved names, with the reason', async () => {
    for (const name of ['..', '.', '.hidden', 'trailing-', '_x', 'a', 'ada lovelace', 'ada/../x', 'é-accent']) {
      const r = await signUp(name);
      expect(r.status, name).toBe(400);
      expect(JSON.stringify(r.body), name).toContain('starting and ending with a letter or digit');
    }
    for (const name of ['default', 'Admin', 'api', 'me', 'ROOT']) {
      const r = await signUp(name);
      expect(r.status, name).toBe(400);
      expect(r.body.message, name).toBe(`username "${name}" is reserved`);
    }
    expect((await signUp(`ada.love_lace-${Date.now()}`)).status).toBe(201);
  });

  it("exports a phase's submissions whole although an older account is named '..', and that account still logs in", async () => {
    const organizer = await fx.user('org');
    const old = await fx.user('old');
    const c = await fx.competition(organizer);
    await fx.register(old, c.id);
    const id = (await fx.submit(old, c.phaseId)).body.id as string;
    // An account made before the rules: its name stays, and it logs in with it.
    const oldId = (await old.json('GET', '/api/auth/me')).body.id as string;
    await fx.db.query(`UPDATE users SET username = '..' WHERE id = $1`, [oldId]);
    const login = await fx.anon.json('POST', '/api/auth/login', { login: '..', password: 'correct horse battery' });
    expect(login.status).toBe(200);

    const res = await organizer.raw(`/api/phases/${c.phaseId}/submissions/export`);
    expect(res.status).toBe(200);
    const path = join(fx.tmp, 'export.zip');
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    const zip = await SafeZip.open(path, undefined, 'export');
    try {
      expect(zip.entries.map((e) => e.name)).toEqual([`_../${id}.zip`]);
    } finally {
      zip.close();
    }
  });
});
