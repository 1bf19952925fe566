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
  /** A bug: an unexpected exception. */
  internal: 70,
} as const;
