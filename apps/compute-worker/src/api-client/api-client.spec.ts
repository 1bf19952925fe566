import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { buffer } from 'node:stream/consumers';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@worker/logger';
import { ApiClient } from './api-client';
import { ApiRejectedError, ApiUnavailableError } from './api.errors';

const RUN = '4b0c8f0e-7f5c-4d3a-9d59-1b7a4f0e7d11';
const TOKEN = 't'.repeat(40);

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

describe('RunApiClient', () => {
  let server: Server;
  let handler: Handler;
  let dir: string;
  const seen: { method: string; url: string; auth?: string; type?: string; length?: string; body: Buffer }[] = [];

  async function client(timeoutMs = 2000) {
    const { port } = server.address() as AddressInfo;
    return new ApiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs,
      logger: createLogger('silent'),
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    }).forRun(RUN, TOKEN);
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arena-api-client-'));
    seen.length = 0;
    const answer = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
      seen.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        body,
      });
      handler(req, res, body);
    };
    server = createServer((req, res) => {
      // A request cut off mid-body ends its response instead of leaving an unhandled rejection.
      buffer(req).then(
        (body) => answer(req, res, body),
        (e: Error) => res.destroy(e),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('starts a run with the bearer token and maps 409 to ended', async () => {
    handler = (_req, res) => res.writeHead(200).end('{}');
    const api = await client();
    await expect(api.start('w1')).resolves.toBe('started');
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: `/api/worker/runs/${RUN}/start`,
      auth: `Bearer ${TOKEN}`,
      type: 'application/json',
    });
    // A worker without GPUs reports an empty list: queue owners can tell "none" from "not reported".
    expect(JSON.parse(seen[0].body.toString())).toEqual({ version: 1, workerName: 'w1', gpus: [] });
    handler = (_req, res) => res.writeHead(409).end('{"message":"run ended"}');
    await expect(api.start('w1')).resolves.toBe('ended');
  });

  it('streams a download to disk', async () => {
    const payload = Buffer.alloc(5 * 1024 * 1024, 7);
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(payload);
    const dest = join(dir, 'f.zip');
    await (await client()).downloadFile('submission', dest);
    expect((await readFile(dest)).equals(payload)).toBe(true);
    expect(seen[0].url).toBe(`/api/worker/runs/${RUN}/files/submission`);
  });

  it('uploads a file as a stream with its length, and logs as text', async () => {
    handler = (_req, res) => res.writeHead(200).end();
    const zip = join(dir, 'out.zip');
    await writeFile(zip, Buffer.alloc(300_000, 1));
    const api = await client();
    await api.uploadOutput(zip);
    await api.uploadLog('stderr', Buffer.from('oops\n'));
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      url: `/api/worker/runs/${RUN}/output`,
      type: 'application/zip',
      length: '300000',
    });
    expect(seen[0].body.length).toBe(300_000);
    expect(seen[1]).toMatchObject({ url: `/api/worker/runs/${RUN}/logs/stderr`, type: 'text/plain; charset=utf-8' });
    expect(seen[1].body.toString()).toBe('oops\n');
  });

  it('retries 5xx and 429, then succeeds', async () => {
    const statuses = [503, 429, 200];
    handler = (_req, res) => res.writeHead(statuses.shift()!).end('{}');
    await (
      await client()
    ).postResult({
      version: 1,
      status: 'failed',
      failure: { code: 'worker_error', message: 'x' },
      exitCode: null,
      elapsedMs: 0,
    });
    expect(seen).toHaveLength(3);
  });

  it('gives up after the attempts with ApiUnavailableError naming the call', async () => {
    handler = (_req, res) => res.writeHead(502).end('bad gateway');
    const error = await (await client()).uploadLog('stdout', Buffer.from('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnavailableError);
    expect((error as Error).message).toBe(
      'upload stdout: the API is unavailable after 3 attempts (HTTP 502: bad gateway)',
    );
  });

  it('does not retry a 4xx, and names the call and the API message', async () => {
    handler = (_req, res) =>
      res.writeHead(400).end(JSON.stringify({ statusCode: 400, message: ['scores.a must be a number'] }));
    const error = await (
      await client()
    )
      .postResult({ version: 1, status: 'finished', scores: {}, unknownScoreKeys: [], exitCode: 0, elapsedMs: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRejectedError);
    expect((error as Error).message).toBe('post result: the API refused with 400: scores.a must be a number');
    expect(seen).toHaveLength(1);
  });

  it('retries when the API does not answer in time, or cannot be reached', async () => {
    handler = () => undefined;
    const slow = await (await client(200)).start('w').catch((e: unknown) => e);
    expect((slow as Error).message).toBe('start run: the API is unavailable after 3 attempts (no response for 200 ms)');
    const { port } = server.address() as AddressInfo;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const down = new ApiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 1000,
      logger: createLogger('silent'),
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    }).forRun(RUN, TOKEN);
    await expect(down.start('w')).rejects.toThrow('start run: the API is unavailable after 2 attempts (ECONNREFUSED)');
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  it('stops at once when its signal aborts', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect((await client(5000)).start('w', controller.signal)).rejects.toThrow('shutting down');
  });
});
