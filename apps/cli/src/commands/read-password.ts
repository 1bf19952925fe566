import { CliFailure } from '../api/cli-failure';
import type { CliEnv } from '../api/cli-config';
import { ExitCode } from '../cli-io';

/** Where a password comes from when the caller decides (tests); otherwise readPassword asks the process. */
export type PasswordSource = () => Promise<string>;

export interface PasswordRequest {
  fromStdin: boolean;
  env: CliEnv;
  prompt: string;
}

/**
 * The password: from standard input (`--password-stdin`, for scripts that pipe it from a secret store), else
 * ARENA_PASSWORD, else typed at a prompt on the terminal without echo. Never from an argument, which `ps` and shell
 * histories would show.
 */
export async function readPassword(request: PasswordRequest, source?: PasswordSource): Promise<string> {
  if (source) {
    return source();
  }
  if (request.fromStdin) {
    return (await readAll(process.stdin)).replace(/\r?\n$/, '');
  }
  if (request.env.ARENA_PASSWORD) {
    return request.env.ARENA_PASSWORD;
  }
  if (!process.stdin.isTTY) {
    throw new CliFailure(
      'no terminal to ask for the password: pipe it with --password-stdin, or set ARENA_PASSWORD',
      ExitCode.usage,
    );
  }
  return promptHidden(request.prompt);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal in raw mode, echoing nothing; Ctrl-C stops the command. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) {
        reject(error);
      } else {
        resolve(typed);
      }
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          return done();
        }
        if (ch === '\u0003') {
          return done(new CliFailure('cancelled', ExitCode.usage));
        }
        if (ch === '\u007f' || ch === '\b') {
          typed = typed.slice(0, -1);
        } else {
          typed += ch;
        }
      }
    };
    stdin.on('data', onData);
  });
}
