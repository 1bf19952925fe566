import { createArenaClient, errorMessage } from '@arena/api-client';
import { competitionKeyHeaders } from './competition-keys';
import { readToken } from './token';

export type { Schema } from '@arena/api-client';
export { errorMessage };

/** The one typed client of the app: same origin (Vite proxies /api in development), token read on every request. */
export const api = createArenaClient({ baseUrl: '', token: readToken, headers: competitionKeyHeaders });

/** Headers for the few raw fetches the rules allow (SSE, downloads, octet-stream parts). */
export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const token = readToken();
  const all = { ...competitionKeyHeaders(), ...extra };
  return token ? { ...all, authorization: `Bearer ${token}` } : all;
}

/** Throws the API's message when an openapi-fetch call failed; returns the data otherwise. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const { status, statusText } = result.response;
    throw new ApiError(status, errorMessage(result.error, `${status} ${statusText}`));
  }
  return result.data as T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
