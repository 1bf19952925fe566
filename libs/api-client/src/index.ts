import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi-schema';

export type { components, paths } from './openapi-schema';
/** A response body or request DTO by its schema name, e.g. `Schema<'SubmissionDto'>`. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];
export type ArenaClient = Client<paths>;

export interface ArenaClientOptions {
  /** Origin of the API (`http://127.0.0.1:3000`); empty for same-origin use in the browser. */
  baseUrl: string;
  /** A session or API token; read on every request so a login can set it later. */
  token?: () => string | undefined;
  /** Headers added to every request, read each time (the web app's unlisted-competition keys). */
  headers?: () => Record<string, string>;
  fetch?: typeof fetch;
}

/** The typed client generated from libs/api-client/openapi.json; the web app and the CLI use nothing else. */
export function createArenaClient(options: ArenaClientOptions): ArenaClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.token?.();
      if (token && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${token}`);
      }
      for (const [name, value] of Object.entries(options.headers?.() ?? {})) {
        if (!request.headers.has(name)) {
          request.headers.set(name, value);
        }
      }
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** The message of an API error body ({ message, details? }), for people. */
export function errorMessage(error: unknown, fallback = 'request failed'): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const m = (error as { message: unknown }).message;
    if (Array.isArray(m)) {
      return m.join('; ');
    }
    if (typeof m === 'string') {
      return m;
    }
  }
  return fallback;
}
