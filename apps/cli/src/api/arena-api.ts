import { createArenaClient, type ArenaClient } from '@arena/api-client';
import { ExitCode, type CliIo } from '../cli-io';
import { type CliEnv, type Credentials, loadCredentials } from './cli-config';
import { CliFailure, failureOf, unreachable } from './cli-failure';

/** The typed client for one server and token, with the base URL kept for messages and the upload state. */
export interface ArenaSession {
  url: string;
  token: string;
  client: ArenaClient;
}

export function sessionFor(credentials: Credentials, fetchImpl?: typeof fetch): ArenaSession {
  const url = credentials.url.replace(/\/+$/, '');
  const client = createArenaClient({ baseUrl: url, token: () => credentials.token, fetch: fetchImpl });
  return { url, token: credentials.token, client };
}

/** The saved (or ARENA_URL/ARENA_TOKEN) login, or a refusal that tells how to log in. */
export async function requireSession(env: CliEnv): Promise<ArenaSession> {
  const { url, token } = await loadCredentials(env);
  if (!url || !token) {
    throw new CliFailure(
      'not logged in: run arena login --url URL --username NAME (or --token TOKEN; or set ARENA_URL and ARENA_TOKEN)',
      ExitCode.auth,
    );
  }
  return sessionFor({ url, token });
}

interface ClientResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Runs one typed-client call and returns its data; a refusal becomes a CliFailure with the exit status of its HTTP
 * status, and a server that cannot be reached becomes `unavailable`.
 */
export async function call<D>(session: ArenaSession, request: () => Promise<ClientResult<D>>): Promise<D> {
  let result: ClientResult<D>;
  try {
    result = await request();
  } catch (e) {
    if (e instanceof CliFailure) {
      throw e;
    }
    throw unreachable(session.url, e);
  }
  if (!result.response.ok) {
    throw failureOf(result.response.status, result.error, session.url, result.response.headers.get('retry-after'));
  }
  return result.data as D;
}

/**
 * The saved login, or the server alone (ARENA_URL) without a token: public competitions and files need none, and a
 * token, where there is one, shows what else the caller may see.
 */
export async function serverSession(env: CliEnv): Promise<ArenaSession> {
  const { url, token } = await loadCredentials(env);
  if (!url) {
    throw new CliFailure('no server: run arena login --url URL (or set ARENA_URL)', ExitCode.auth);
  }
  return sessionFor({ url, token: token ?? '' });
}
