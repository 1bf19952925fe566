import { Command, CommanderError } from 'commander';
import { ExitCode, processIo, type CliIo } from './cli-io';
import { registerBundleCommands } from './commands/bundle.command';

/** The `arena` command tree. Each domain registers its own group (bundle now; login, submit, leaderboard later). */
export function createProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('arena')
    .description('Arena: data-science competitions, from the command line')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerBundleCommands(program, io, setExit);
  // Subcommands inherit neither exitOverride nor output settings from their parent at creation time.
  for (const command of allCommands(program)) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  }
  return program;
}

/** Runs the CLI on `argv` (process.argv shape) and returns the exit status instead of exiting. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = createProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    io.err(`arena: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return ExitCode.internal;
  }
  return exitCode;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
