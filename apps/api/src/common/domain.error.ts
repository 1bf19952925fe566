/**
 * Errors that services throw. The code says what went wrong; the global filter maps it to an HTTP status,
 * so services never import HTTP types.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_bundle: 400,
  invalid_upload: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, machine-readable detail (e.g. the list of bundle problems). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const forbidden = (why: string) => new DomainError('forbidden', why);
