import { mkdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { call, type ArenaSession, sessionFor } from '../api/arena-api';
import { type CliEnv, loadCredentials } from '../api/cli-config';
import { CliFailure } from '../api/cli-failure';
import { findPhaseId } from '../api/find-competition';
import { ExitCode, type CliIo } from '../cli-io';
import { downloadPhaseFile, type PhaseFile } from '../download/phase-file-download';
import { formatTable } from '../format/table';
import { createProgress, formatBytes } from '../upload/upload-progress';
import { runReporting } from './command-runner';

export interface FilesOptions {
  json?: boolean;
  competition?: string;
}

export interface DownloadCommandOptions {
  output?: string;
  competition?: string;
}

/**
 * The saved login, or the server alone (ARENA_URL) without a token: files an organizer made public need none.
 */
async function filesSession(env: CliEnv): Promise<ArenaSession> {
  const { url, token } = await loadCredentials(env);
  if (!url) {
    throw new CliFailure('no server: run arena login --url URL --token TOKEN (or set ARENA_URL)', ExitCode.auth);
  }
  return sessionFor({ url, token: token ?? '' });
}

function listFiles(session: ArenaSession, phaseId: string) {
  return call(session, () => session.client.GET('/api/phases/{phaseId}/files', { params: { path: { phaseId } } }));
}

/** `arena files <phaseId>`: what the phase offers to download, as a table or as the API returns it. */
export async function files(phaseId: string, options: FilesOptions, io: CliIo, env: CliEnv): Promise<number> {
  return runReporting('arena files', io, async () => {
    const session = await filesSession(env);
    const listing = await listFiles(session, await findPhaseId(session, phaseId, options.competition));
    if (options.json) {
      io.out(JSON.stringify(listing, null, 2));
    } else if (!listing.files.length) {
      io.out('this phase offers no files');
    } else {
      for (const line of fileTable(listing.files)) {
        io.out(line);
      }
    }
    return ExitCode.ok;
  });
}

export function fileTable(list: PhaseFile[]): string[] {
  const counts = list.some((f) => f.downloads !== undefined);
  const rows = list.map((f) => [
    f.name,
    f.kind,
    f.size !== undefined ? formatBytes(f.size) : '',
    f.sha256 ? f.sha256.slice(0, 12) : '',
    ...(counts ? [f.downloads !== undefined ? String(f.downloads) : ''] : []),
    f.kind === 'link' ? `${f.title}: ${f.url}` : f.title,
  ]);
  return formatTable(
    [
      { title: 'NAME' },
      { title: 'KIND' },
      { title: 'SIZE', align: 'right' },
      { title: 'SHA256' },
      ...(counts ? [{ title: 'DOWNLOADS', align: 'right' as const }] : []),
      { title: 'TITLE' },
    ],
    rows,
  );
}

/**
 * `arena download <phaseId> [name]`: one file, or every file of the phase, into `-o dir` (default: here), each
 * resumed from its `.part` file when an earlier run was cut, and checked against its sha256.
 */
export async function download(
  phaseId: string,
  name: string | undefined,
  options: DownloadCommandOptions,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena download', io, async () => {
    const session = await filesSession(env);
    phaseId = await findPhaseId(session, phaseId, options.competition);
    const listing = await listFiles(session, phaseId);
    const wanted = name ? listing.files.filter((f) => f.name === name) : listing.files;
    if (name && wanted.length === 0) {
      const names = listing.files.map((f) => f.name).join(', ') || 'none';
      throw new CliFailure(`the phase offers no file ${name} (it offers: ${names})`, ExitCode.notFound);
    }
    const dir = options.output ?? '.';
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new CliFailure(`cannot create ${dir} (${(e as Error).message})`, ExitCode.usage);
    }
    const stop = env.ARENA_DOWNLOAD_STOP_AFTER_BYTES;
    for (const file of wanted) {
      if (file.kind === 'link') {
        io.out(`${file.name}: a link, not downloaded: ${file.url}`);
        continue;
      }
      const result = await downloadPhaseFile(session, phaseId, file, {
        dir,
        progress: createProgress(io),
        stopAfterBytes: stop !== undefined && stop !== '' ? Number(stop) : undefined,
      });
      const how = result.alreadyThere
        ? 'already there'
        : result.resumedFrom
          ? `resumed at byte ${result.resumedFrom}`
          : 'downloaded';
      io.out(`${result.path}: ${formatBytes(file.size!)}, sha256 ${file.sha256} (${how})`);
    }
    return ExitCode.ok;
  });
}

export function registerFileCommands(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('files')
    .description('list what a phase offers to download: public data, starting kit, programs, input data, links')
    .argument('<phase>', 'the phase: its id, or its name or number with --competition')
    .option('-c, --competition <competition>', 'the competition (id or title) of a phase given by name or number')
    .option('--json', 'print the listing as the API returns it')
    .action(async (phaseId: string, options: FilesOptions) => setExit(await files(phaseId, options, io, env)));
  program
    .command('download')
    .description("download a phase's files (all of them without a name), resuming a cut download, checking sha256")
    .argument('<phase>', 'the phase: its id, or its name or number with --competition')
    .argument('[name]', 'one file, as arena files names it (public_data, starting_kit, ...)')
    .option('-o, --output <dir>', 'folder to write <name>.zip into (default: the current folder)')
    .option('-c, --competition <competition>', 'the competition (id or title) of a phase given by name or number')
    .action(async (phaseId: string, name: string | undefined, options: DownloadCommandOptions) =>
      setExit(await download(phaseId, name, options, io, env)),
    );
}
