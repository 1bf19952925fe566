/** Where a command writes; tests pass a recorder instead of the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit statuses shared by every command, so scripts can tell a bad input from a bad invocation. */
export const ExitCode = {
  ok: 0,
  /** The command ran and found the input invalid (a bundle with errors). */
  invalid: 1,
  /** Bad arguments, or a path that does not exist or cannot be read. */
  usage: 2,
  /** Not logged in, or the server refused the token (401/403). */
  auth: 3,
  /** The server has no such thing, or it is not the caller's to see (404). */
  notFound: 4,
  /** Any other refusal (409, 413, other 4xx). */
  refused: 5,
  /** The server could not be reached or failed (5xx), as sysexits' EX_UNAVAILABLE. */
  unavailable: 69,
  /** A bug: an unexpected exception. */
  internal: 70,
} as const;
