import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/** Just enough of the public API for benchmarks: they measure what a user would see. */
export class ApiSession {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  static async signUp(baseUrl: string, username: string): Promise<ApiSession> {
    const r = await new ApiSession(baseUrl).call('POST', '/api/auth/signup', {
      email: `${username}@bench.example.org`,
      username,
      password: 'bench-password-123',
    });
    return new ApiSession(baseUrl, r.token);
  }

  async call(method: string, path: string, json?: unknown): Promise<any> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { ...this.auth(), ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
    }
    return body;
  }

  async upload(path: string, field: string, file: string): Promise<any> {
    const form = new FormData();
    form.append(field, await openAsBlob(file), basename(file));
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers: this.auth(), body: form });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw new Error(`POST ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
    }
    return body;
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}
