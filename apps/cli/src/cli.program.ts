import { Command, CommanderError } from 'commander';
import { ExitCode, processIo, type CliIo } from './cli-io';
import type { CliEnv } from './api/cli-config';
import { registerBundleCommands } from './commands/bundle.command';
import { registerCompetitionCommands } from './commands/competition.command';
import { registerCompetitionsCommands } from './commands/competitions.command';
import { registerFileCommands } from './commands/files.command';
import { registerLeaderboard } from './commands/leaderboard.command';
import { registerLogin } from './commands/login.command';
import { registerQueueCommands } from './commands/queue.command';
import { registerSubmissions } from './commands/submissions.command';
import { registerSubmit } from './commands/submit.command';
import { registerWorkerCommands } from './commands/worker.command';

/** The `arena` command tree. Each domain registers its own command or group. */
export function createProgram(io: CliIo, setExit: (code: number) => void, env: CliEnv = process.env): Command {
  const program = new Command('arena')
    .description('Arena: data-science competitions, from the command line')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerBundleCommands(program, io, setExit, env);
  registerLogin(program, io, env, setExit);
  registerCompetitionCommands(program, io, env, setExit);
  registerCompetitionsCommands(program, io, env, setExit);
  registerSubmit(program, io, env, setExit);
  registerSubmissions(program, io, env, setExit);
  registerLeaderboard(program, io, env, setExit);
  registerFileCommands(program, io, env, setExit);
  registerQueueCommands(program, io, env, setExit);
  registerWorkerCommands(program, io, env, setExit);
  // Subcommands inherit neither exitOverride nor output settings from their parent at creation time.
  for (const command of allCommands(program)) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  }
  return program;
}

/** Runs the CLI on `argv` (process.argv shape) and returns the exit status instead of exiting. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  env: CliEnv = process.env,
): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = createProgram(io, (code) => (exitCode = code), env);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    io.err(`arena: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return ExitCode.internal;
  }
  return exitCode;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
