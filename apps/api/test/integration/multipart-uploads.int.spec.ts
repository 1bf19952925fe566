import { randomBytes } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

const MiB = 1024 * 1024;

/**
 * Multipart uploads read by the FileUpload interceptor (apps/api/src/common/upload.ts) on Fastify, through real HTTP
 * against the real application: caps, wrong fields, malformed bodies and validation failures answer 4xx with the
 * API's error shape, and the temporary file in UPLOAD_TMP_DIR never outlives the request.
 */
describe('multipart uploads: the FileUpload interceptor on Fastify', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let competitionId: string;
  let phaseId: string;
  let uploadDir: string;
  let resultsZip: Buffer;
  /** Names of `.upload` files that appeared in UPLOAD_TMP_DIR during the current test (inotify), to show one was written. */
  let seen: Set<string>;
  let watcher: FSWatcher | undefined;

  const auth = (c: HttpClient) => (c as unknown as { auth(): Record<string, string> }).auth();
  const leftovers = async () =>
    (await readdir(uploadDir).catch(() => [] as string[])).filter((n) => n.endsWith('.upload'));
  /** The temporary file may be removed just after the answer: polls up to ~2 s before giving what is still there. */
  const settledLeftovers = async () => {
    const until = Date.now() + 2000;
    for (;;) {
      const left = await leftovers();
      if (left.length === 0 || Date.now() > until) {
        return left;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** inotify events arrive asynchronously too. */
  const settledSeen = async (atLeast: number) => {
    const until = Date.now() + 2000;
    while (seen.size < atLeast && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return [...seen];
  };

  const postForm = async (c: HttpClient, path: string, form: FormData) => {
    const res = await fetch(fx.api.url + path, { method: 'POST', headers: auth(c), body: form });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: kept as text for the assertion messages */
    }
    return { status: res.status, body };
  };

  /** A raw HTTP request with exactly these bytes as the body (Content-Length matching them). */
  const rawPost = (c: HttpClient, path: string, contentType: string, body: Buffer) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(fx.api.url + path, {
        method: 'POST',
        headers: { ...auth(c), 'content-type': contentType, 'content-length': String(body.length) },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* kept as text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.end(body);
    });

  const submissionCount = async () =>
    (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE phase_id = $1', [phaseId]))[0]
      .n;
  const competitionCount = async () =>
    (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM competitions'))[0].n;

  beforeAll(async () => {
    // Small caps so that "too large" needs only a couple of MiB; the example bundle (~10 KB zipped) and submission fit.
    fx = await ArenaFixture.start({ MAX_BUNDLE_MB: '1', MAX_SUBMISSION_MB: '1' });
    // The fixture gives this API instance its own UPLOAD_TMP_DIR, under the fixture's own temporary folder.
    uploadDir = join(fx.tmp, 'u');
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    ({ id: competitionId, phaseId } = await fx.competition(organizer));
    await fx.register(ada, competitionId);
    resultsZip = await readFile(fx.resultsZip);
  });

  afterAll(async () => {
    await fx?.stop();
  });

  beforeEach(async () => {
    await mkdir(uploadDir, { recursive: true });
    // Uploads of the set-up (the bundle of the competition) are gone before each test starts.
    expect(await settledLeftovers()).toEqual([]);
    seen = new Set();
    watcher = watch(uploadDir, (_event, name) => {
      if (name && String(name).endsWith('.upload')) {
        seen.add(String(name));
      }
    });
  });

  afterEach(() => {
    watcher?.close();
    watcher = undefined;
  });

  it('refuses a bundle over MAX_BUNDLE_MB with 413 payload_too_large naming the field, leaving no temporary file', async () => {
    const before = await competitionCount();
    const form = new FormData();
    form.append('bundle', new Blob([randomBytes(2 * MiB)], { type: 'application/zip' }), 'huge.zip');
    const r = await postForm(organizer, '/api/competitions', form);
    expect(r.status, JSON.stringify(r.body)).toBe(413);
    expect(r.body).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect(r.body.message).toContain('"bundle"');
    expect(r.body.message).toContain(String(MiB));
    // A temporary file was started (the cap is found while streaming), and it is gone.
    expect((await settledSeen(1)).length).toBe(1);
    expect(await settledLeftovers()).toEqual([]);
    expect(await competitionCount()).toBe(before);

    // The same for a submission over MAX_SUBMISSION_MB, naming `file`.
    const sub = new FormData();
    sub.append('file', new Blob([randomBytes(2 * MiB)], { type: 'application/zip' }), 'huge.zip');
    const s = await postForm(ada, `/api/phases/${phaseId}/submissions`, sub);
    expect(s.status, JSON.stringify(s.body)).toBe(413);
    expect(s.body).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect(s.body.message).toContain('"file"');
    expect(await settledLeftovers()).toEqual([]);
    expect(await submissionCount()).toBe(0);

    // The API still serves the next request on the same instance.
    expect((await organizer.json('GET', `/api/competitions/${competitionId}`)).status).toBe(200);
  });

  it('refuses a file sent under another field name with 400 invalid_upload naming it, leaving nothing behind', async () => {
    const bundle = new FormData();
    bundle.append('archive', new Blob([resultsZip], { type: 'application/zip' }), 'bundle.zip');
    const r = await postForm(organizer, '/api/competitions', bundle);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, code: 'invalid_upload' });
    expect(r.body.message).toContain('"archive"');
    expect(r.body.message).toContain('"bundle"');

    const sub = new FormData();
    sub.append('description', 'wrong field');
    sub.append('archive', new Blob([resultsZip], { type: 'application/zip' }), 'results.zip');
    const s = await postForm(ada, `/api/phases/${phaseId}/submissions`, sub);
    expect(s.status, JSON.stringify(s.body)).toBe(400);
    expect(s.body).toMatchObject({ statusCode: 400, code: 'invalid_upload' });
    expect(s.body.message).toContain('"archive"');
    expect(s.body.message).toContain('"file"');

    expect(await settledLeftovers()).toEqual([]);
    expect(await submissionCount()).toBe(0);
  });

  it('refuses too many text fields, an over-long field and a second file with 413 naming the field or the file', async () => {
    const withFile = (form: FormData) => {
      form.append('file', new Blob([resultsZip], { type: 'application/zip' }), 'results.zip');
      return form;
    };
    const many = new FormData();
    for (let i = 1; i <= 21; i++) {
      many.append(`note${i}`, 'x');
    }
    const r1 = await postForm(ada, `/api/phases/${phaseId}/submissions`, withFile(many));
    expect(r1.status, JSON.stringify(r1.body)).toBe(413);
    expect(r1.body).toMatchObject({ code: 'payload_too_large' });
    expect(r1.body.message).toContain('"note21"');
    expect(r1.body.message).toContain('20');

    const long = new FormData();
    long.append('description', 'x'.repeat(1024 * 1024 + 1));
    const r2 = await postForm(ada, `/api/phases/${phaseId}/submissions`, withFile(long));
    expect(r2.status, JSON.stringify(r2.body)).toBe(413);
    expect(r2.body.message).toContain('"description"');

    const two = withFile(withFile(new FormData()));
    const r3 = await postForm(ada, `/api/phases/${phaseId}/submissions`, two);
    expect(r3.status, JSON.stringify(r3.body)).toBe(413);
    expect(r3.body.message).toContain('"file"');

    expect(await settledLeftovers()).toEqual([]);
    expect(await submissionCount()).toBe(0);
  });

  it('closes the connection after refusing a large file under another field: the unread rest holds nothing open', async () => {
    const big = new FormData();
    big.append('archive', new Blob([randomBytes(8 * MiB)], { type: 'application/zip' }), 'bundle.zip');
    const t0 = Date.now();
    const res = await fetch(fx.api.url + '/api/competitions', { method: 'POST', headers: auth(organizer), body: big });
    expect(res.status).toBe(400);
    expect(res.headers.get('connection')).toBe('close');
    await res.text();
    // A bundle over the cap right after it is answered 413 at once, not after a stuck socket's timeout.
    const over = new FormData();
    over.append('bundle', new Blob([randomBytes(2 * MiB)], { type: 'application/zip' }), 'bundle.zip');
    expect((await postForm(organizer, '/api/competitions', over)).status).toBe(413);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(await settledLeftovers()).toEqual([]);
  });

  it('answers a truncated multipart body with 4xx (not 500), leaving nothing behind', async () => {
    const boundary = `----arena${randomBytes(8).toString('hex')}`;
    const head = (field: string, filename: string) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\ncut short\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
          'Content-Type: application/zip\r\n\r\n',
      );
    const type = `multipart/form-data; boundary=${boundary}`;
    const cases = [
      // Cut in the middle of the file part: some bytes of the file, never its closing boundary.
      {
        c: organizer,
        path: '/api/competitions',
        body: Buffer.concat([head('bundle', 'b.zip'), randomBytes(64 * 1024)]),
      },
      {
        c: ada,
        path: `/api/phases/${phaseId}/submissions`,
        body: Buffer.concat([head('file', 'r.zip'), resultsZip.subarray(0, 100)]),
      },
      // Cut in the middle of a part's headers.
      {
        c: ada,
        path: `/api/phases/${phaseId}/submissions`,
        body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-da`),
      },
    ];
    const before = await competitionCount();
    for (const { c, path, body } of cases) {
      const r = await rawPost(c, path, type, body);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
      expect(r.body).toMatchObject({ statusCode: r.status, code: expect.any(String), message: expect.any(String) });
      expect(await settledLeftovers(), path).toEqual([]);
    }
    // The two cut file parts had started their temporary files.
    expect((await settledSeen(2)).length).toBe(2);
    expect(await submissionCount()).toBe(0);
    expect(await competitionCount()).toBe(before);
    expect((await ada.json('GET', `/api/phases/${phaseId}/submissions`)).status).toBe(200);
  });

  it('refuses a valid submission with an unknown text field (forbidNonWhitelisted) with 400, removing the temporary file', async () => {
    const form = new FormData();
    form.append('description', 'with an extra field');
    form.append('colour', 'blue');
    form.append('file', new Blob([resultsZip], { type: 'application/zip' }), 'results.zip');
    const r = await postForm(ada, `/api/phases/${phaseId}/submissions`, form);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(r.body.message).toContain('colour');
    // The file was written to a temporary file before validation refused the body, and is gone.
    expect((await settledSeen(1)).length).toBe(1);
    expect(await settledLeftovers()).toEqual([]);
    expect(await submissionCount()).toBe(0);
  });

  it('takes the example submission as multipart end to end: 201, text fields stored, same bytes, no temporary file left', async () => {
    const description = `multipart ${randomBytes(4).toString('hex')} — ünïcode`;
    const form = new FormData();
    form.append('description', description);
    form.append('file', new Blob([resultsZip], { type: 'application/zip' }), 'results.zip');
    const r = await postForm(ada, `/api/phases/${phaseId}/submissions`, form);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), phaseId, description });
    const id = r.body.id as string;

    const [row] = await fx.db.query<{ description: string }>('SELECT description FROM submissions WHERE id = $1', [id]);
    expect(row.description).toBe(description);
    expect((await ada.json('GET', `/api/submissions/${id}`)).body).toMatchObject({ id, description });
    const file = await ada.raw(`/api/submissions/${id}/file`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(resultsZip)).toBe(true);

    expect((await settledSeen(1)).length).toBe(1);
    expect(await settledLeftovers()).toEqual([]);
    expect(await submissionCount()).toBe(1);
  });
});
