import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/** A small client for the tests: JSON in, JSON out, with the status kept for assertions. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
    private readonly extra: Record<string, string> = {},
  ) {}

  as(token: string): HttpClient {
    return new HttpClient(this.baseUrl, token, this.extra);
  }

  /** The same caller, talking to another API process. */
  at(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.token, this.extra);
  }

  /** The same caller, sending these headers too (an unlisted competition's X-Competition-Key). */
  with(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.baseUrl, this.token, { ...this.extra, ...headers });
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

  async upload<T = any>(
    path: string,
    field: string,
    file: string,
    fields: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const form = new FormData();
    form.append(field, await openAsBlob(file), basename(file));
    for (const [k, v] of Object.entries(fields)) {
      form.append(k, v);
    }
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers: this.auth(), body: form });
    return { status: res.status, body: safeJson(await res.text()) };
  }

  /**
   * Makes a competition public (new uploads are drafts, for their organizers only): what most tests want before
   * participants come. Takes the upload's answer as it is; one that did not create a competition is left to the test.
   */
  async publish(created: string | { status: number; body: { id?: string } }, visibility = 'public'): Promise<void> {
    if (typeof created !== 'string' && (created.status !== 201 || !created.body?.id)) {
      return;
    }
    const id = typeof created === 'string' ? created : created.body.id!;
    const r = await this.json('PUT', `/api/competitions/${id}/visibility`, { visibility });
    if (r.status !== 200) {
      throw new Error(`publish ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  raw(path: string): Promise<Response> {
    return fetch(this.baseUrl + path, { headers: this.auth() });
  }

  async signUp(username: string): Promise<HttpClient> {
    const r = await this.json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    if (r.status !== 201) {
      throw new Error(`signup ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return this.as(r.body.token);
  }

  private auth(): Record<string, string> {
    return this.token ? { ...this.extra, authorization: `Bearer ${this.token}` } : { ...this.extra };
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
