import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { zipDirectory } from '@arena/safe-zip';
import type { Command } from 'commander';
import { ArenaClient } from '../api/arena-client';
import { type CliEnv, loadCredentials } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { reportFailure } from './login.command';

export interface ExportOptions {
  light?: boolean;
  output?: string;
}

async function client(io: CliIo, env: CliEnv, command: string): Promise<ArenaClient | null> {
  const { url, token } = await loadCredentials(env);
  if (!url || !token) {
    io.err(`${command}: not logged in: run arena login --url URL --token TOKEN (or set ARENA_URL and ARENA_TOKEN)`);
    return null;
  }
  return new ArenaClient({ url, token });
}

/** `arena competition export <id>`: the competition as a v2 bundle zip, written to a temporary name then renamed. */
export async function competitionExport(id: string, options: ExportOptions, io: CliIo, env: CliEnv): Promise<number> {
  const command = 'arena competition export';
  const api = await client(io, env, command);
  if (!api) return ExitCode.auth;
  const out = options.output ?? `competition-${id}${options.light ? '-light' : ''}.zip`;
  const partial = `${out}.part`;
  try {
    const body = await api.exportBundle(id, Boolean(options.light));
    await pipeline(body, createWriteStream(partial));
    await rename(partial, out);
  } catch (e) {
    await rm(partial, { force: true });
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('E')) {
      io.err(`${command}: cannot write ${out} (${e.message})`);
      return ExitCode.usage;
    }
    return reportFailure(command, e, io);
  }
  io.out(`wrote ${out} (${(await stat(out)).size} bytes, ${options.light ? 'light: datasets by key' : 'full'})`);
  return ExitCode.ok;
}

/**
 * `arena competition upload <bundle>`: creates a competition from a zip, or from a folder zipped on the fly into a
 * temporary file (never in memory); a refused bundle prints every problem and exits 1.
 */
export async function competitionUpload(path: string, io: CliIo, env: CliEnv): Promise<number> {
  const command = 'arena competition upload';
  let kind: 'file' | 'dir';
  try {
    const s = await stat(path);
    if (!s.isFile() && !s.isDirectory()) throw new Error('not a file');
    kind = s.isFile() ? 'file' : 'dir';
  } catch {
    io.err(`${command}: ${path} is neither a bundle zip nor a bundle folder`);
    return ExitCode.usage;
  }
  const api = await client(io, env, command);
  if (!api) return ExitCode.auth;
  let tmp: string | undefined;
  try {
    let zip = path;
    if (kind === 'dir') {
      tmp = await mkdtemp(join(tmpdir(), 'arena-upload-'));
      zip = join(tmp, `${basename(resolve(path))}.zip`);
      await zipDirectory(path, createWriteStream(zip));
    }
    const created = await api.uploadBundle(zip);
    io.out(`created competition ${created.id}: ${created.title} (${created.phases.length} phase(s))`);
    return ExitCode.ok;
  } catch (e) {
    return reportFailure(command, e, io);
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

export function registerCompetitionCommands(
  program: Command,
  io: CliIo,
  env: CliEnv,
  setExit: (code: number) => void,
): void {
  const competition = program.command('competition').description('competitions on an Arena server (arena login first)');
  competition
    .command('export')
    .description('download a competition you organize as a v2 bundle zip')
    .argument('<id>', 'competition id')
    .option('--light', 'name datasets by key instead of including their files')
    .option('-o, --output <file>', 'where to write the zip (default competition-<id>.zip)')
    .action(async (id: string, options: ExportOptions) => setExit(await competitionExport(id, options, io, env)));
  competition
    .command('upload')
    .description('create a competition from a bundle; problems are listed with file, YAML path and line')
    .argument('<bundle>', 'bundle zip or bundle folder')
    .action(async (path: string) => setExit(await competitionUpload(path, io, env)));
}
