import { ApiError, errorMessage } from '../lib/api';
import { refusalOf, type RefusalDetails } from './problems';

/** A 400 that lists bundle problems: the message plus each problem, so the page can show them one by one. */
export class RefusedError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly refusal: RefusalDetails,
  ) {
    super(status, message);
  }
}

/**
 * Like `unwrap` from lib/api, but keeps `details.problems` of a refused bundle or edit instead of dropping it.
 * Everything else throws ApiError with the API's message.
 */
export function unwrapRefusable<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error === undefined && result.response.ok) {
    return result.data as T;
  }
  const message = errorMessage(result.error, `${result.response.status} ${result.response.statusText}`);
  const refusal = refusalOf(result.error);
  if (refusal) {
    throw new RefusedError(result.response.status, message, refusal);
  }
  throw new ApiError(result.response.status, message);
}
