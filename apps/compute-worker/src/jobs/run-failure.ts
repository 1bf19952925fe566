import type { RunFailureCode } from '@arena/worker-protocol';

/** A run that ended without scores for a reason the submitter should read; becomes a `failed` result. */
export class RunFailure extends Error {
  constructor(
    readonly code: RunFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'RunFailure';
  }
}
