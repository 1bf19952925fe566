import { hostname } from 'node:os';
import type { Command } from 'commander';
import { call, sessionFor } from '../api/arena-api';
import { type CliEnv, loadCredentials, saveCredentials } from '../api/cli-config';
import { CliFailure } from '../api/cli-failure';
import { ExitCode, type CliIo } from '../cli-io';
import { runReporting } from './command-runner';
import { readPassword, type PasswordSource } from './read-password';

export { reportFailure } from './command-runner';

export interface LoginOptions {
  url?: string;
  token?: string;
  username?: string;
  passwordStdin?: boolean;
}

/**
 * `arena login`: with `--token`, checks the token against the server and saves both; with `--username`, signs in
 * with the password (prompted on a terminal, or from --password-stdin or ARENA_PASSWORD), creates an API token named
 * after this machine, ends the sign-in session, and saves the token. The password is never saved.
 */
export async function login(
  options: LoginOptions,
  io: CliIo,
  env: CliEnv,
  passwords?: PasswordSource,
): Promise<number> {
  const given = options.url ?? (await loadCredentials(env)).url;
  if (!given) {
    io.err('arena login: which server? give --url (e.g. https://arena.example.org)');
    return ExitCode.usage;
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    io.err(`arena login: ${given} is not a URL (e.g. https://arena.example.org)`);
    return ExitCode.usage;
  }
  if (Boolean(options.token) === Boolean(options.username)) {
    io.err('arena login: give either --token TOKEN or --username NAME (the password is then asked for)');
    return ExitCode.usage;
  }
  const server = url.toString().replace(/\/+$/, '');
  return runReporting('arena login', io, async () => {
    const token = options.token ?? (await tokenFromPassword(server, options.username!, options, env, io, passwords));
    const credentials = { url: server, token };
    const session = sessionFor(credentials);
    const me = await call(session, () => session.client.GET('/api/auth/me'));
    const path = await saveCredentials(env, credentials);
    io.out(`logged in to ${server} as ${me.username}; ${options.token ? 'token' : 'a new API token'} saved in ${path}`);
    return ExitCode.ok;
  });
}

async function tokenFromPassword(
  server: string,
  username: string,
  options: LoginOptions,
  env: CliEnv,
  io: CliIo,
  passwords?: PasswordSource,
): Promise<string> {
  const password = await readPassword(
    { fromStdin: Boolean(options.passwordStdin), env, prompt: `password for ${username} at ${server}: ` },
    passwords,
  );
  if (!password) {
    throw new CliFailure('no password given', ExitCode.usage);
  }
  const anonymous = sessionFor({ url: server, token: '' });
  const signedIn = await call(anonymous, () =>
    anonymous.client.POST('/api/auth/login', { body: { login: username, password } }),
  );
  const session = sessionFor({ url: server, token: signedIn.token });
  try {
    const name = `arena CLI on ${hostname()}`.slice(0, 100);
    const created = await call(session, () => session.client.POST('/api/auth/tokens', { body: { name } }));
    io.err(
      `created API token "${created.name}" (GET /api/auth/tokens lists your tokens; DELETE /api/auth/tokens/${created.id} revokes this one)`,
    );
    return created.token;
  } finally {
    // The sign-in session was only needed to create the token.
    await session.client
      .POST('/api/auth/logout', { params: { header: { authorization: `Bearer ${signedIn.token}` } } })
      .catch(() => undefined);
  }
}

export function registerLogin(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('login')
    .description(
      'sign in and save the server and an API token the other commands use (ARENA_URL / ARENA_TOKEN override them)',
    )
    .option('--url <url>', 'the Arena server, e.g. https://arena.example.org (default: the saved one)')
    .option('--username <name>', 'your username or e-mail address: signs in and creates an API token for this machine')
    .option('--password-stdin', 'read the password from standard input (else ARENA_PASSWORD, else a prompt)')
    .option('--token <token>', 'an API token made elsewhere (POST /api/auth/tokens)')
    .action(async (options: LoginOptions) => setExit(await login(options, io, env)));
}
