/** The API answered with a 4xx that retrying cannot fix; `status` lets callers treat 409 (run ended) apart. */
export class ApiRejectedError extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
    readonly apiMessage: string,
  ) {
    super(`${call}: the API refused with ${status}${apiMessage ? `: ${apiMessage}` : ''}`);
    this.name = 'ApiRejectedError';
  }
}

/** The API could not be reached or kept failing (network, timeout, 5xx, 429) after every retry. */
export class ApiUnavailableError extends Error {
  constructor(
    readonly call: string,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`${call}: the API is unavailable after ${attempts} attempts (${lastError})`);
    this.name = 'ApiUnavailableError';
  }
}

/** A failure worth another attempt; only the retry loop sees it. */
export class RetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableError';
  }
}
