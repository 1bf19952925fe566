import { CliFailure } from '../api/cli-failure';
import type { CliIo } from '../cli-io';

/** Prints a refusal (with the problem list of a refused bundle) and returns its exit status. */
export function reportFailure(command: string, e: unknown, io: CliIo): number {
  if (!(e instanceof CliFailure)) {
    throw e;
  }
  for (const line of e.lines) {
    io.err(line);
  }
  io.err(`${command}: ${e.message}`);
  return e.exitCode;
}

/** Runs a command body; a CliFailure it throws is printed and becomes the exit status. */
export async function runReporting(command: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    return reportFailure(command, e, io);
  }
}
