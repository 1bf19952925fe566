import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArenaClient } from '@arena/api-client';
import { patientFetch } from '../src/api/patient-fetch';
import { toMultipart } from '../src/commands/multipart';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      // Answers late, as an import of gigabytes does (here 300 ms, not the 5 minutes Node's fetch gives up after).
      setTimeout(() => {
        if (req.url === '/api/competitions' && body.includes('up-1')) {
          res.writeHead(201, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
          res.end(JSON.stringify({ id: 'c-1', title: 'Big', phases: [], visibility: 'draft' }));
        } else {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ statusCode: 400, error: 'invalid_bundle', message: 'no such upload' }));
        }
      }, 300);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('patientFetch', () => {
  it('sends what the typed client sends (method, token, multipart body) and gives back the answer', async () => {
    const client = createArenaClient({ baseUrl: base, token: () => 'tok-1' });
    const created = await client.POST('/api/competitions', {
      body: { uploadId: 'up-1' },
      bodySerializer: toMultipart,
      fetch: patientFetch,
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ id: 'c-1', title: 'Big' });
    expect(created.response.headers.get('x-multi')).toBe('a, b');
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers.authorization).toBe('Bearer tok-1');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    expect(request.body).toMatch(/name="uploadId"\r\n\r\nup-1\r\n/);

    const refused = await client.POST('/api/competitions', {
      body: { uploadId: 'up-2' },
      bodySerializer: toMultipart,
      fetch: patientFetch,
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ message: 'no such upload' });
  });

  it('fails as fetch does when nothing answers', async () => {
    await expect(patientFetch(new Request('http://127.0.0.1:9/api/health'))).rejects.toThrow(/ECONNREFUSED/);
  });
});
