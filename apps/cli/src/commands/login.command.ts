import type { Command } from 'commander';
import { ArenaClient, CliFailure } from '../api/arena-client';
import { type CliEnv, saveCredentials } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';

export interface LoginOptions {
  url: string;
  token: string;
}

/** `arena login --url URL --token TOKEN`: checks the token against the server, then saves both. */
export async function login(options: LoginOptions, io: CliIo, env: CliEnv): Promise<number> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    io.err(`arena login: ${options.url} is not a URL (e.g. https://arena.example.org)`);
    return ExitCode.usage;
  }
  const credentials = { url: url.toString().replace(/\/+$/, ''), token: options.token };
  try {
    const me = await new ArenaClient(credentials).me();
    const path = await saveCredentials(env, credentials);
    io.out(`logged in to ${credentials.url} as ${me.username}; saved in ${path}`);
    return ExitCode.ok;
  } catch (e) {
    return reportFailure('arena login', e, io);
  }
}

export function registerLogin(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('login')
    .description('save the server and API token the other commands use (ARENA_URL / ARENA_TOKEN override them)')
    .requiredOption('--url <url>', 'the Arena server, e.g. https://arena.example.org')
    .requiredOption('--token <token>', 'an API token of your account')
    .action(async (options: LoginOptions) => setExit(await login(options, io, env)));
}

/** Prints a refusal (with the problem list of a refused bundle) and returns its exit status. */
export function reportFailure(command: string, e: unknown, io: CliIo): number {
  if (!(e instanceof CliFailure)) throw e;
  for (const line of e.lines) io.err(line);
  io.err(`${command}: ${e.message}`);
  return e.exitCode;
}
