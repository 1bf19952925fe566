import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where the CLI reads its environment; tests pass their own instead of the process's. */
export type CliEnv = Record<string, string | undefined>;

export interface Credentials {
  url: string;
  token: string;
}

/** `$XDG_CONFIG_HOME/arena/config.json`, else `~/.config/arena/config.json`. */
export function configPath(env: CliEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || env.USERPROFILE || '.', '.config');
  return join(base, 'arena', 'config.json');
}

export async function saveCredentials(env: CliEnv, credentials: Credentials): Promise<string> {
  const path = configPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: the token must not stay readable by others.
  await chmod(path, 0o600);
  return path;
}

/** ARENA_URL / ARENA_TOKEN win over the saved login; each may come from either place. */
export async function loadCredentials(env: CliEnv): Promise<Partial<Credentials>> {
  let saved: Partial<Credentials> = {};
  try {
    saved = JSON.parse(await readFile(configPath(env), 'utf8')) as Partial<Credentials>;
  } catch {
    saved = {};
  }
  return { url: env.ARENA_URL || saved.url, token: env.ARENA_TOKEN || saved.token };
}
