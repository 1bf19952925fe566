import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { formatProblem, type BundleProblem } from '@arena/bundle';
import { ExitCode } from '../cli-io';
import type { Credentials } from './cli-config';

interface CreatedCompetition {
  id: string;
  title: string;
  phases: unknown[];
}

/** A request the server refused or could not answer: what to print, and the exit status it maps to. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

/** The few API calls the CLI makes, with the server's refusals turned into messages and exit statuses. */
export class ArenaClient {
  private readonly base: string;

  constructor(private readonly credentials: Credentials) {
    this.base = credentials.url.replace(/\/+$/, '');
  }

  async me(): Promise<{ id: string; username: string }> {
    return (await this.request('GET', '/api/auth/me')).json() as Promise<{ id: string; username: string }>;
  }

  /** The bundle zip as a stream (the caller writes it where it wants). */
  async exportBundle(id: string, light: boolean): Promise<Readable> {
    const res = await this.request('GET', `/api/competitions/${encodeURIComponent(id)}/bundle?light=${light}`);
    if (!res.body) throw new CliFailure('the server sent an empty answer', ExitCode.unavailable);
    return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  }

  async uploadBundle(path: string): Promise<CreatedCompetition> {
    const form = new FormData();
    form.append('bundle', await openAsBlob(path), basename(path));
    return (await this.request('POST', '/api/competitions', form)).json() as Promise<CreatedCompetition>;
  }

  private async request(method: string, path: string, body?: FormData): Promise<Response> {
    let res: Response;
    try {
      const headers = { authorization: `Bearer ${this.credentials.token}` };
      res = await fetch(this.base + path, { method, headers, body });
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
      throw new CliFailure(`cannot reach ${this.base} (${cause})`, ExitCode.unavailable);
    }
    if (res.ok) return res;
    throw await failureOf(res, this.base);
  }
}

async function failureOf(res: Response, base: string): Promise<CliFailure> {
  const text = await res.text();
  let body: { message?: string; code?: string; details?: { problems?: BundleProblem[] } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { message: text.slice(0, 200) };
  }
  const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText);
  switch (res.status) {
    case 400: {
      const problems = body.details?.problems ?? [];
      const lines = problems.map((p) => formatProblem({ ...p, severity: p.severity ?? 'error' }));
      const summary = problems.length ? `refused: ${problems.length} problem(s)` : `refused: ${message}`;
      return new CliFailure(summary, ExitCode.invalid, lines);
    }
    case 401:
      return new CliFailure(`${base} refused the token (401): run arena login --url URL --token TOKEN`, ExitCode.auth);
    case 403:
      return new CliFailure(`not allowed (403): ${message}`, ExitCode.auth);
    case 404:
      return new CliFailure(`not found (404): ${message}; you may not be an organizer of it`, ExitCode.notFound);
    default:
      if (res.status >= 500) {
        return new CliFailure(`the server failed (${res.status}): ${message}`, ExitCode.unavailable);
      }
      return new CliFailure(`refused (${res.status}): ${message}`, ExitCode.refused);
  }
}
