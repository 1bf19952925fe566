import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFailure, failureOf } from '../src/api/cli-failure';
import { ExitCode, type CliIo } from '../src/cli-io';
import { type UploadTransport, type UploadView, uploadResumable } from '../src/upload/resumable-upload';
import type { UploadProgress } from '../src/upload/upload-progress';
import { UploadState } from '../src/upload/upload-state';

const PART = 1000;

/** An in-memory server with the /api/uploads contract; `failNext` makes part PUTs fail like a dropped connection. */
class FakeUploads implements UploadTransport {
  uploads = new Map<string, { view: UploadView; parts: Map<number, Buffer> }>();
  puts: number[] = [];
  failNext = 0;
  refuseParts = false;
  loseOnComplete: number[] = [];

  async create(input: { filename: string; size: number }): Promise<UploadView> {
    const id = `u${this.uploads.size + 1}`;
    const view: UploadView = {
      id,
      size: input.size,
      partSize: PART,
      partCount: Math.max(1, Math.ceil(input.size / PART)),
      received: [],
      status: 'open',
    };
    this.uploads.set(id, { view, parts: new Map() });
    return { ...view, received: [] };
  }

  async get(id: string): Promise<UploadView> {
    const u = this.uploads.get(id);
    if (!u) {
      throw failureOf(404, { message: `upload ${id} not found` }, 'http://fake');
    }
    return { ...u.view, received: [...u.parts.keys()].sort((a, b) => a - b) };
  }

  async putPart(id: string, index: number, body: Blob): Promise<UploadView> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new CliFailure('cannot reach http://fake (ECONNRESET)', ExitCode.unavailable);
    }
    if (this.refuseParts) {
      throw failureOf(413, { message: 'over quota' }, 'http://fake');
    }
    const u = this.uploads.get(id)!;
    const expected = Math.min(u.view.size, (index + 1) * PART) - index * PART;
    if (body.size !== expected) {
      throw failureOf(400, { message: `part ${index} has ${body.size} bytes` }, 'http://fake');
    }
    u.parts.set(index, Buffer.from(await body.arrayBuffer()));
    this.puts.push(index);
    return this.get(id);
  }

  async complete(id: string): Promise<UploadView> {
    const u = this.uploads.get(id)!;
    for (const i of this.loseOnComplete.splice(0)) {
      u.parts.delete(i);
    }
    const missing = [...Array(u.view.partCount).keys()].filter((i) => !u.parts.has(i));
    if (missing.length) {
      throw failureOf(409, { message: 'parts missing', details: { missing } }, 'http://fake');
    }
    u.view.status = 'complete';
    return this.get(id);
  }

  bytes(id: string): Buffer {
    const u = this.uploads.get(id)!;
    return Buffer.concat([...u.parts.entries()].sort(([a], [b]) => a - b).map(([, b]) => b));
  }
}

const silent: UploadProgress = { start: () => undefined, update: () => undefined, stop: () => undefined };

let dir: string;
let file: string;
let content: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-resume-'));
  file = join(dir, 'submission.zip');
  content = randomBytes(4500);
  await writeFile(file, content);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(name: string) {
  const server = new FakeUploads();
  const state = new UploadState(join(dir, name, 'uploads.json'));
  const lines: string[] = [];
  const io: CliIo = { out: (s) => lines.push(s), err: (s) => lines.push(s) };
  const run = (extra: { stopAfterParts?: number; remember?: boolean } = {}) =>
    uploadResumable({
      server: 'http://fake',
      path: file,
      purpose: 'submission',
      transport: server,
      state,
      progress: silent,
      io,
      retryDelaysMs: [0, 0, 0],
      ...extra,
    });
  return { server, state, lines, run };
}

describe('uploadResumable', () => {
  it('sends every part in order, the last one short, and the server gets the file byte for byte', async () => {
    const { server, run } = setup('whole');
    const r = await run();
    expect(r).toMatchObject({ partCount: 5, sent: [0, 1, 2, 3, 4], resumed: 0 });
    expect(server.bytes(r.uploadId).equals(content)).toBe(true);
    expect(server.uploads.get(r.uploadId)!.view.status).toBe('complete');
  });

  it('after an interruption, a re-run sends only the missing parts of the same upload', async () => {
    const { server, state, lines, run } = setup('resume');
    const first = await run({ stopAfterParts: 2 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CliFailure);
    expect((first as CliFailure).exitCode).toBe(ExitCode.interrupted);
    expect(server.puts).toEqual([0, 1]);
    const second = await run();
    expect(second).toMatchObject({ uploadId: 'u1', sent: [2, 3, 4], resumed: 2 });
    expect(server.puts).toEqual([0, 1, 2, 3, 4]);
    expect(server.uploads.size).toBe(1);
    expect(lines).toContain('resuming upload u1: 2 of 5 part(s) already on the server');
    expect(server.bytes('u1').equals(content)).toBe(true);
    // Kept until the caller has used the upload, so a crash before the submission is created resumes too.
    expect(await state.get(second.key)).toBe('u1');
    const third = await run();
    expect(third).toMatchObject({ uploadId: 'u1', sent: [] });
  });

  it('retries a failed part with backoff, then gives up with a message that says to re-run', async () => {
    const { server, lines, run } = setup('retry');
    server.failNext = 2;
    const r = await run();
    expect(r.sent).toEqual([0, 1, 2, 3, 4]);
    // Parts go several at a time: the two failures hit the first parts sent, each retried.
    expect(lines.filter((l) => /^part \d: cannot reach/.test(l))).toHaveLength(2);
    server.failNext = 10;
    const again = setup('retry-fail');
    again.server.failNext = 10;
    const e = await again.run().catch((x: unknown) => x);
    expect(e).toMatchObject({ exitCode: ExitCode.unavailable });
    expect((e as Error).message).toMatch(/part \d failed 4 times: run the same command again to resume/);
  });

  it('does not retry a refusal', async () => {
    const { server, run } = setup('refused');
    server.refuseParts = true;
    await expect(run()).rejects.toMatchObject({ exitCode: ExitCode.tooLarge });
  });

  it('keeps no resume entry for a temporary zip', async () => {
    const { state, run } = setup('temporary');
    const e = await run({ stopAfterParts: 1, remember: false }).catch((x: unknown) => x);
    expect(e).toMatchObject({ exitCode: ExitCode.interrupted });
    const r = await run({ remember: false });
    expect(r).toMatchObject({ uploadId: 'u2', resumed: 0 });
    expect(await state.get(r.key)).toBeUndefined();
  });

  it('starts afresh when the saved upload expired on the server', async () => {
    const { server, run } = setup('expired');
    await run({ stopAfterParts: 1 }).catch(() => undefined);
    server.uploads.clear();
    const r = await run();
    expect(r.resumed).toBe(0);
    expect(r.sent).toEqual([0, 1, 2, 3, 4]);
  });

  it('sends again the parts the server reports missing at completion (409)', async () => {
    const { server, run } = setup('lost');
    server.loseOnComplete = [3];
    const r = await run();
    expect(r.sent).toEqual([0, 1, 2, 3, 4, 3]);
    expect(server.uploads.get(r.uploadId)!.view.status).toBe('complete');
  });
});
