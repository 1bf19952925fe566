import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { TEST_ENV } from '../support/test-env';

describe('platform administration (admins only), with organizer rights restricted', () => {
  let fx: ArenaFixture;
  let admin: HttpClient;
  let user: HttpClient;
  let userId: string;
  let adminId: string;
  const me = async (c: HttpClient) => (await c.json('GET', '/api/auth/me')).body;
  const stored = (key: string) => join(fx.tmp, 's', key);

  beforeAll(async () => {
    fx = await ArenaFixture.start({ ORGANIZER_RIGHTS: 'restricted', RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl });
    admin = await fx.user('adm');
    adminId = (await me(admin)).id;
    await fx.db.query('UPDATE users SET is_admin = true WHERE id = $1', [adminId]);
    user = await fx.user('usr');
    userId = (await me(user)).id;
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('refuses every admin route to others', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      ['PATCH', `/api/admin/users/${adminId}`, { disabled: true }],
      ['GET', '/api/admin/competitions'],
      ['GET', '/api/admin/storage'],
      ['POST', '/api/admin/storage/cleanup', {}],
      ['GET', '/api/queues/default/workers'],
    ];
    for (const [method, path, body] of routes) {
      expect((await user.json(method, path, body)).status, `${method} ${path}`).toBe(403);
      expect((await fx.anon.json(method, path, body)).status, `${method} ${path}`).toBe(401);
    }
    expect((await admin.json('GET', '/api/queues/default/workers')).status).toBe(200);
  });

  it('finds users, makes one an organizer (who may then create competitions), and will not let an admin lock themselves out', async () => {
    const username = (await me(user)).username as string;
    const found = await admin.json(
      'GET',
      `/api/admin/users?q=${encodeURIComponent(username.slice(0, 6).toUpperCase())}`,
    );
    expect(found.body.map((u: { id: string }) => u.id)).toContain(userId);
    expect(found.body.find((u: { id: string }) => u.id === userId)).toMatchObject({
      isOrganizer: false,
      isAdmin: false,
      disabledAt: null,
    });
    expect((await admin.json('GET', '/api/admin/users?q=%25')).body).toEqual([]);

    expect((await me(user)).canCreateCompetitions).toBe(false);
    const refused = await user.upload('/api/competitions', 'bundle', fx.resultsZip);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('only organizers create competitions here');

    const made = await admin.json('PATCH', `/api/admin/users/${userId}`, { isOrganizer: true });
    expect(made.body).toMatchObject({ id: userId, isOrganizer: true });
    expect((await me(user)).canCreateCompetitions).toBe(true);
    const c = await fx.competition(user, [], 'draft');
    expect(c.id).toBeTruthy();

    expect((await admin.json('PATCH', `/api/admin/users/${adminId}`, { disabled: true })).status).toBe(409);
    expect((await admin.json('PATCH', `/api/admin/users/${adminId}`, { isAdmin: false })).status).toBe(409);
    expect((await admin.json('PATCH', `/api/admin/users/${userId}`, { isAdmin: 'yes' })).status).toBe(400);
    const promoted = await admin.json('PATCH', `/api/admin/users/${userId}`, { isAdmin: true });
    expect(promoted.body.isAdmin).toBe(true);
    expect((await me(user)).isAdmin).toBe(true);
    await admin.json('PATCH', `/api/admin/users/${userId}`, { isAdmin: false });
    expect((await me(user)).isAdmin).toBe(false);
  });

  it('lists every competition, drafts included, with owner, storage and last activity', async () => {
    const c = await fx.competition(admin, [], 'draft');
    const participant = await fx.user('par');
    await admin.publish(c.id);
    await fx.register(participant, c.id);
    const submitted = await fx.submit(participant, c.phaseId);
    await fx.finishAs(submitted.body.id, 'finished');
    await admin.publish(c.id, 'private');
    const list = (await admin.json('GET', '/api/admin/competitions')).body as Record<string, unknown>[];
    const row = list.find((x) => x.id === c.id)!;
    expect(row).toMatchObject({
      visibility: 'private',
      archivedAt: null,
      ownerId: adminId,
      participants: 1,
      submissions: 1,
    });
    expect(row.submissionBytes).toBeGreaterThan(0);
    expect(row.datasetBytes).toBeGreaterThan(0);
    expect(new Date(row.lastActivityAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The user's draft is listed for the admin though no one else sees it.
    expect(list.filter((x) => x.visibility === 'draft').length).toBeGreaterThanOrEqual(1);
  });

  it('reports storage and removes the objects no row names once older than the grace period', async () => {
    const old = stored(`datasets/${randomBytes(8).toString('hex')}.zip`);
    const young = stored(`runs/${randomBytes(8).toString('hex')}/stdout.txt`);
    for (const [path, bytes] of [
      [old, 1000],
      [young, 10],
    ] as const) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, Buffer.alloc(bytes));
    }
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    const report = (await admin.json('GET', '/api/admin/storage')).body;
    expect(report).toMatchObject({ orphanObjects: 1, orphanBytes: 1000, pendingDeletions: 0, graceHours: 24 });
    expect(report.byKind.map((k: { kind: string }) => k.kind)).toEqual(
      expect.arrayContaining(['datasets', 'submissions', 'competitions']),
    );
    const [{ key }] = await fx.db.query<{ key: string }>('SELECT file_key AS key FROM submissions LIMIT 1');
    await utimes(stored(key), twoDaysAgo, twoDaysAgo);

    expect((await admin.json('POST', '/api/admin/storage/cleanup', { olderThanHours: 0 })).status).toBe(400);
    const cleaned = await admin.json('POST', '/api/admin/storage/cleanup', {});
    expect(cleaned.body).toEqual({ removedObjects: 1, removedBytes: 1000 });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(young)).toBe(true);
    // What rows name stays, however old.
    expect(existsSync(stored(key))).toBe(true);
    expect((await admin.json('GET', '/api/admin/storage')).body.orphanObjects).toBe(0);
  });
});
