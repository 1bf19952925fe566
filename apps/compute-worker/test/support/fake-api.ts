import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseRunResult, parseRunStart, type RunResult } from '@arena/worker-protocol';

const ROUTE = /^\/api\/worker\/runs\/[0-9a-f-]{36}\/(start|files\/(\w+)|output|logs\/(stdout|stderr)|result)$/;

export interface RecordedCall {
  method: string;
  path: string;
  status: number;
  at: number;
}

/**
 * A stand-in for the API's worker routes (the API is not infrastructure; the broker and Docker stay real). It
 * serves run files from zips on disk, keeps uploads, and answers result posts with a scripted list of statuses.
 */
export class FakeApi {
  readonly calls: RecordedCall[] = [];
  readonly results: RunResult[] = [];
  readonly logs: Record<string, Buffer> = {};
  outputZip?: string;
  /** Status for each successive result POST; once used up, 200. */
  resultStatuses: number[] = [];
  startStatus = 200;
  /** Called before a result POST is answered with 200, e.g. to look at the broker at that moment. */
  beforeResultOk?: () => Promise<void>;
  private server?: Server;
  private dir = '';

  constructor(
    private readonly token: string,
    private readonly files: Partial<Record<string, string>>,
  ) {}

  async listen(): Promise<string> {
    this.dir = await mkdtemp(join(tmpdir(), 'arena-fake-api-'));
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: Error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: e.message }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  count(method: string, suffix: string): number {
    return this.calls.filter((c) => c.method === method && c.path.endsWith(suffix)).length;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    const answer = (status: number, body?: unknown) => {
      this.calls.push({ method: req.method ?? '', path, status, at: Date.now() });
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body ?? {}));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return answer(401, { message: 'bad token' });
    }
    const m = ROUTE.exec(path);
    if (!m) {
      return answer(404, { message: `no route ${req.method} ${path}` });
    }
    const [, action, fileName, stream] = m;
    if (action === 'start' && req.method === 'POST') {
      parseRunStart(JSON.parse((await readBody(req)).toString()));
      // Like the API: once a result is stored, the run has ended.
      const status = this.results.length > 0 ? 409 : this.startStatus;
      return answer(status, status === 409 ? { message: 'run already ended' } : {});
    }
    if (fileName && req.method === 'GET') {
      const file = this.files[fileName];
      if (!file) {
        return answer(404, { message: `no ${fileName}` });
      }
      this.calls.push({ method: 'GET', path, status: 200, at: Date.now() });
      res.setHeader('content-type', 'application/zip');
      await pipeline(createReadStream(file), res);
      return;
    }
    if (action === 'output' && req.method === 'PUT') {
      if (req.headers['content-type'] !== 'application/zip') {
        return answer(415, { message: 'zip expected' });
      }
      this.outputZip = join(this.dir, `output-${this.calls.length}.zip`);
      await pipeline(req, createWriteStream(this.outputZip));
      return answer(200);
    }
    if (stream && req.method === 'PUT') {
      this.logs[stream] = await readBody(req);
      return answer(200);
    }
    if (action === 'result' && req.method === 'POST') {
      const result = parseRunResult(JSON.parse((await readBody(req)).toString()));
      const status = this.resultStatuses.shift() ?? 200;
      if (status !== 200) {
        return answer(status, { message: 'try again later' });
      }
      await this.beforeResultOk?.();
      this.results.push(result);
      return answer(200);
    }
    return answer(405, { message: 'method not allowed' });
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
