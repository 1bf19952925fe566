import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { call, requireSession } from '../api/arena-api';
import type { CliEnv } from '../api/cli-config';
import { CliFailure } from '../api/cli-failure';
import { ExitCode, type CliIo } from '../cli-io';
import { prepareZip, uploadZip } from '../upload/upload-file';
import { registerCompetitionInit } from './competition-init.command';
import { registerCompetitionInsight } from './competition-insight.command';
import { toMultipart } from './multipart';
import { patientFetch } from '../api/patient-fetch';
import { runReporting } from './command-runner';

export interface ExportOptions {
  light?: boolean;
  output?: string;
}

/** `arena competition export <id>`: the competition as a v2 bundle zip, written to a temporary name then renamed. */
export async function competitionExport(id: string, options: ExportOptions, io: CliIo, env: CliEnv): Promise<number> {
  const command = 'arena competition export';
  return runReporting(command, io, async () => {
    const session = await requireSession(env);
    const out = options.output ?? `competition-${id}${options.light ? '-light' : ''}.zip`;
    const partial = `${out}.part`;
    const body = await call(session, () =>
      session.client.GET('/api/competitions/{id}/bundle', {
        params: { path: { id }, query: { light: Boolean(options.light) } },
        parseAs: 'stream',
      }),
    );
    if (!body) {
      throw new CliFailure('the server sent an empty answer', ExitCode.unavailable);
    }
    try {
      await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(partial));
      await rename(partial, out);
    } catch (e) {
      await rm(partial, { force: true });
      throw new CliFailure(`cannot write ${out} (${(e as Error).message})`, ExitCode.usage);
    }
    io.out(`wrote ${out} (${(await stat(out)).size} bytes, ${options.light ? 'light: datasets by key' : 'full'})`);
    return ExitCode.ok;
  });
}

/**
 * `arena competition upload <bundle>`: uploads a zip (or a folder zipped on the fly into a temporary file) in
 * resumable parts, then creates the competition; a refused bundle prints every problem and exits 1.
 */
const VISIBILITIES = ['draft', 'unlisted', 'public', 'private'] as const;
type Visibility = (typeof VISIBILITIES)[number];

export async function competitionUpload(
  path: string,
  io: CliIo,
  env: CliEnv,
  options: { visibility?: string } = {},
): Promise<number> {
  const visibility = options.visibility as Visibility | undefined;
  if (visibility !== undefined && !VISIBILITIES.includes(visibility)) {
    io.err(`arena competition upload: --visibility must be one of ${VISIBILITIES.join(', ')}`);
    return ExitCode.usage;
  }
  return runReporting('arena competition upload', io, async () => {
    const session = await requireSession(env);
    const prepared = await prepareZip(path);
    try {
      const upload = await uploadZip(session, prepared, 'bundle', io, env);
      const created = await call(session, () =>
        // An import of gigabytes may answer after more than the 5 minutes Node's fetch waits (patientFetch).
        session.client.POST('/api/competitions', {
          body: { uploadId: upload.uploadId },
          bodySerializer: toMultipart,
          fetch: patientFetch,
        }),
      );
      await upload.done();
      io.out(`created competition ${created.id}: ${created.title} (${created.phases.length} phase(s))`);
      let shown = created.visibility;
      if (visibility && visibility !== created.visibility) {
        const access = await call(session, () =>
          session.client.PUT('/api/competitions/{id}/visibility', {
            params: { path: { id: created.id } },
            body: { visibility },
          }),
        );
        shown = access.visibility;
      }
      io.out(
        `  visibility: ${shown}${shown === 'draft' ? ' (its organizers only; --visibility public to open it)' : ''}`,
      );
      for (const phase of created.phases) {
        io.out(`  phase ${phase.index} ${phase.id}: ${phase.name} (${phase.state})`);
      }
      return ExitCode.ok;
    } finally {
      await prepared.cleanup();
    }
  });
}

export function registerCompetitionCommands(
  program: Command,
  io: CliIo,
  env: CliEnv,
  setExit: (code: number) => void,
): void {
  const competition = program.command('competition').description('start, upload and export competitions');
  registerCompetitionInit(competition, io, env, setExit);
  registerCompetitionInsight(competition, io, env, setExit);
  competition
    .command('export')
    .description('download a competition you organize as a v2 bundle zip')
    .argument('<id>', 'competition id')
    .option('--light', 'name datasets by key instead of including their files')
    .option('-o, --output <file>', 'where to write the zip (default competition-<id>.zip)')
    .action(async (id: string, options: ExportOptions) => setExit(await competitionExport(id, options, io, env)));
  competition
    .command('upload')
    .description('create a competition from a bundle (resumable upload); problems come with file, YAML path and line')
    .argument('<bundle>', 'bundle zip or bundle folder')
    .option('--visibility <visibility>', `${VISIBILITIES.join(' | ')}: who may see it (a new competition is a draft)`)
    .action(async (path: string, options: { visibility?: string }) =>
      setExit(await competitionUpload(path, io, env, options)),
    );
}
