import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/** A small client for the tests: JSON in, JSON out, with the status kept for assertions. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  as(token: string): HttpClient {
    return new HttpClient(this.baseUrl, token);
  }

  /** The same caller, talking to another API process. */
  at(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.token);
  }

  async json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { ...this.auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? safeJson(text) : (undefined as T) };
  }

  async upload<T = any>(path: string, field: string, file: string, fields: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const form = new FormData();
    form.append(field, await openAsBlob(file), basename(file));
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers: this.auth(), body: form });
    return { status: res.status, body: safeJson(await res.text()) };
  }

  raw(path: string): Promise<Response> {
    return fetch(this.baseUrl + path, { headers: this.auth() });
  }

  async signUp(username: string): Promise<HttpClient> {
    const r = await this.json('POST', '/api/auth/signup', { email: `${username}@example.org`, username, password: 'correct horse battery' });
    if (r.status !== 201) throw new Error(`signup ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return this.as(r.body.token);
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
