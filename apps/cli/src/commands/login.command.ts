import type { Command } from 'commander';
import { call, sessionFor } from '../api/arena-api';
import { type CliEnv, saveCredentials } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { runReporting } from './command-runner';

export { reportFailure } from './command-runner';

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
  return runReporting('arena login', io, async () => {
    const session = sessionFor(credentials);
    const me = await call(session, () => session.client.GET('/api/auth/me'));
    const path = await saveCredentials(env, credentials);
    io.out(`logged in to ${credentials.url} as ${me.username}; saved in ${path}`);
    return ExitCode.ok;
  });
}

export function registerLogin(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('login')
    .description('save the server and API token the other commands use (ARENA_URL / ARENA_TOKEN override them)')
    .requiredOption('--url <url>', 'the Arena server, e.g. https://arena.example.org')
    .requiredOption('--token <token>', 'an API token of your account')
    .action(async (options: LoginOptions) => setExit(await login(options, io, env)));
}
