/** Where a command writes; tests pass a recorder instead of the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when `err` goes to a terminal: progress bars are drawn only there, plain lines otherwise. */
  readonly errIsTty?: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  get errIsTty() {
    return Boolean(process.stderr.isTTY);
  },
};

/**
 * Exit statuses shared by every command, one per kind of refusal, so scripts can tell a bad input from a refused
 * token, a full quota or a failed run without parsing messages. Documented in apps/cli/README.md.
 */
export const ExitCode = {
  ok: 0,
  /** The command ran and found the input invalid: a bundle with errors, or any other 400. */
  invalid: 1,
  /** Bad arguments, or a path that does not exist or cannot be read. */
  usage: 2,
  /** Not logged in, or the server refused the token (401). */
  auth: 3,
  /** The server has no such thing, or it is not the caller's to see (404). */
  notFound: 4,
  /** Any other refusal (another 4xx). */
  refused: 5,
  /** The token is valid but may not do this (403): not registered, not an organizer, results hidden. */
  forbidden: 6,
  /** The state does not allow it (409): phase not open, too many in flight, parts missing. */
  conflict: 7,
  /** Too large (413): over the size limit or the storage quota. */
  tooLarge: 8,
  /** A submission limit was reached (429): per day or in total. */
  rateLimited: 9,
  /** `arena submit` followed the run to its end and it failed. */
  runFailed: 10,
  /** `arena submit` followed the run to its end and it was cancelled. */
  runCancelled: 11,
  /** The server could not be reached or failed (5xx), as sysexits' EX_UNAVAILABLE. */
  unavailable: 69,
  /** A bug: an unexpected exception. */
  internal: 70,
  /** An upload stopped part-way; running the same command again resumes it (sysexits' EX_TEMPFAIL). */
  interrupted: 75,
} as const;
export type ExitStatus = (typeof ExitCode)[keyof typeof ExitCode];
