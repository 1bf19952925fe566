import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { countStoredObjects } from '../support/stored-objects';
import { zipFolder } from '../support/zip-folder';

const MB = 1024 * 1024;

describe('storage quota per participant and competition', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let competitionId: string;
  let phaseId: string;
  let bigZip: string;
  let bigSize: number;

  const env = () => ({ STORAGE_DIR: join(fx.tmp, 's') });
  const uploadsLeft = async () => (await readdir(join(fx.tmp, 'u')).catch(() => [])).length;
  const submissionCount = async () =>
    (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE phase_id = $1', [phaseId]))[0]
      .n;
  const token = (c: HttpClient) => (c as unknown as { auth(): Record<string, string> }).auth();

  beforeAll(async () => {
    fx = await ArenaFixture.start({ QUOTA_MB: '50' });
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    ({ id: competitionId, phaseId } = await fx.competition(organizer));
    await fx.register(ada, competitionId);
    // 700 KB of random bytes: the zip cannot be smaller than its content.
    const dir = join(fx.tmp, 'big');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'predictions.bin'), randomBytes(700 * 1024));
    bigZip = await zipFolder(dir, join(fx.tmp, 'big.zip'));
    bigSize = (await stat(bigZip)).size;
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('shows the platform default, and organizers set a quota per competition', async () => {
    const mine = await ada.json('GET', '/api/me/storage');
    expect(mine.status).toBe(200);
    expect(mine.body.counts).toContain('uploaded');
    expect(mine.body.competitions).toEqual([
      { competitionId, title: expect.any(String), usedBytes: 0, submissions: 0, quotaBytes: 50 * MB },
    ]);

    expect((await ada.json('PATCH', `/api/competitions/${competitionId}/settings`, { storageQuotaMb: 1 })).status).toBe(
      403,
    );
    expect(
      (await organizer.json('PATCH', `/api/competitions/${competitionId}/settings`, { storageQuotaMb: 0 })).status,
    ).toBe(400);
    const set = await organizer.json('PATCH', `/api/competitions/${competitionId}/settings`, { storageQuotaMb: 1 });
    expect(set).toMatchObject({ status: 200, body: { storageQuotaMb: 1 } });
    expect((await ada.json('GET', '/api/me/storage')).body.competitions[0].quotaBytes).toBe(MB);
  });

  it('counts the uploads and refuses one over quota from its Content-Length, before storing anything', async () => {
    const first = await ada.upload(`/api/phases/${phaseId}/submissions`, 'file', bigZip);
    expect(first.status).toBe(201);
    const mine = await ada.json('GET', '/api/me/storage');
    expect(mine.body.competitions[0]).toMatchObject({ usedBytes: bigSize, submissions: 1, quotaBytes: MB });

    const objects = await countStoredObjects(env());
    const before = await submissionCount();
    const second = await ada.upload(`/api/phases/${phaseId}/submissions`, 'file', bigZip);
    expect(second.status).toBe(413);
    expect(second.body).toMatchObject({ code: 'payload_too_large', details: { quotaBytes: MB, usedBytes: bigSize } });
    expect(second.body.message).toContain('by its Content-Length');
    expect(await submissionCount()).toBe(before);
    expect(await countStoredObjects(env())).toBe(objects);
    expect(await uploadsLeft()).toBe(0);
  });

  it('refuses a chunked upload (no Content-Length) over quota after it was received, keeping nothing', async () => {
    const form = new FormData();
    form.append('file', await openAsBlob(bigZip), 'big.zip');
    const encoded = new Response(form);
    const objects = await countStoredObjects(env());
    const before = await submissionCount();
    const res = await fetch(`${fx.api.url}/api/phases/${phaseId}/submissions`, {
      method: 'POST',
      headers: { ...token(ada), 'content-type': encoded.headers.get('content-type')! },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('as received');
    expect(await submissionCount()).toBe(before);
    expect(await countStoredObjects(env())).toBe(objects);
    expect(await uploadsLeft()).toBe(0);
  });

  it('lets organizers see the use of each participant, and re-runs count nothing', async () => {
    const [s] = (await ada.json('GET', `/api/phases/${phaseId}/submissions`)).body;
    await fx.finishAs(s.id, 'finished');
    expect((await organizer.json('POST', `/api/submissions/${s.id}/rerun`)).status).toBe(201);

    expect((await ada.json('GET', `/api/competitions/${competitionId}/storage`)).status).toBe(403);
    const r = await organizer.json('GET', `/api/competitions/${competitionId}/storage`);
    expect(r.status).toBe(200);
    expect(r.body.quotaBytes).toBe(MB);
    const me = (await ada.json('GET', '/api/auth/me')).body;
    expect(r.body.participants).toEqual([{ userId: me.id, username: me.username, usedBytes: bigSize, submissions: 1 }]);
  });
});
