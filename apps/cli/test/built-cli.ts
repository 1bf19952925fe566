import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The CLI as users run it: the built bundle, in its own process. */
export const BUILT_CLI = resolve(__dirname, '../../../dist/apps/cli/main.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `node dist/apps/cli/main.js ...args` with a clean environment (its own HOME, so its own config and upload
 * state) plus `env`; stdin is closed and stderr is not a terminal, so progress comes as plain lines. `killWhen`
 * kills it with SIGKILL once its stderr so far matches.
 */
export function runBuiltCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; killWhen?: (err: string) => boolean } = {},
): Promise<CliRun> {
  if (!existsSync(BUILT_CLI)) {
    throw new Error(`${BUILT_CLI} is missing: build first (npx nx run cli:build)`);
  }
  const base = { PATH: process.env.PATH ?? '', NODE_ENV: 'test' };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      // A crash at a chosen moment (as from kill -9), to test what a re-run finds.
      if (options.killWhen?.(err)) {
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, out, err });
    });
  });
}
