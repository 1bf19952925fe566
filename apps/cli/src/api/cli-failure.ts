import { formatProblem, type BundleProblem } from '@arena/bundle';
import { ExitCode } from '../cli-io';

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

/** The API's error body: `{ statusCode, code, message, details? }` (message may be a list from validation). */
export interface ApiErrorBody {
  statusCode?: number;
  code?: string;
  message?: string | string[];
  details?: { problems?: Partial<BundleProblem>[]; missing?: number[]; [key: string]: unknown } | null;
}

/** Turns a refused request into the message and exit status every command uses for that status. */
export function failureOf(status: number, body: unknown, base: string, retryAfter?: string | null): CliFailure {
  const error = asErrorBody(body);
  const message = Array.isArray(error.message) ? error.message.join('; ') : (error.message ?? `HTTP ${status}`);
  const details = error.details ?? {};
  switch (status) {
    case 400: {
      const problems = details.problems ?? [];
      if (problems.length) {
        const lines = problems.map((p) =>
          formatProblem({
            file: p.file ?? '?',
            path: p.path ?? '',
            message: p.message ?? '',
            line: p.line ?? undefined,
            severity: p.severity ?? 'error',
          }),
        );
        return new CliFailure(`refused: ${problems.length} problem(s)`, ExitCode.invalid, lines);
      }
      return new CliFailure(`refused: ${message}`, ExitCode.invalid);
    }
    case 401:
      return new CliFailure(`${base} refused the token (401): run arena login --url URL --token TOKEN`, ExitCode.auth);
    case 403:
      return new CliFailure(`not allowed (403): ${message}`, ExitCode.forbidden);
    case 404:
      return new CliFailure(`not found (404): ${message}`, ExitCode.notFound);
    case 409: {
      const missing = Array.isArray(details.missing) ? ` (missing parts: ${details.missing.join(', ')})` : '';
      return new CliFailure(`conflict (409): ${message}${missing}`, ExitCode.conflict);
    }
    case 413:
      return new CliFailure(`too large (413): ${message}`, ExitCode.tooLarge);
    case 429: {
      const resets = typeof details.resetsAt === 'string' ? `; resets at ${details.resetsAt}` : '';
      const wait = retryAfter && !resets ? `; retry after ${retryAfter} s` : '';
      return new CliFailure(`limit reached (429): ${message}${resets}${wait}`, ExitCode.rateLimited);
    }
    default:
      if (status >= 500) {
        return new CliFailure(`the server failed (${status}): ${message}`, ExitCode.unavailable);
      }
      return new CliFailure(`refused (${status}): ${message}`, ExitCode.refused);
  }
}

/** A request that never got an answer (DNS, refused connection, reset). */
export function unreachable(base: string, e: unknown): CliFailure {
  const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
  return new CliFailure(`cannot reach ${base} (${cause})`, ExitCode.unavailable);
}

function asErrorBody(body: unknown): ApiErrorBody {
  if (body && typeof body === 'object') {
    return body as ApiErrorBody;
  }
  if (typeof body === 'string' && body) {
    return { message: body.slice(0, 200) };
  }
  return {};
}
