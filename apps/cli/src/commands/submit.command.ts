import type { Schema } from '@arena/api-client';
import type { Command } from 'commander';
import { type ArenaSession, call, requireSession } from '../api/arena-api';
import { findPhaseId } from '../api/find-competition';
import type { CliEnv } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { formatScore } from '../format/table';
import { followLiveLogs, LogLines } from '../submit/live-logs';
import { prepareZip, uploadZip } from '../upload/upload-file';
import { runReporting } from './command-runner';
import { toMultipart } from './multipart';

export interface SubmitOptions {
  description?: string;
  team?: string;
  /** Where the competition asks for them (enable_per_submission_metadata). */
  methodName?: string;
  methodDescription?: string;
  codeUrl?: string;
  paperUrl?: string;
  /** JSON answers to the competition's fact sheet. */
  factSheet?: string;
  /** The competition (id or title) a phase given by name or number belongs to. */
  competition?: string;
  /** commander sets false for --no-follow. */
  follow: boolean;
}

type Submission = Schema<'SubmissionDto'>;
const FINAL = ['finished', 'failed', 'cancelled'];
const POLL_MS = 2000;

/**
 * `arena submit <phase> <zip>`: uploads (resumably), creates the submission, then prints the run's log as it is
 * written and ends with the verdict: 0 finished, 10 failed, 11 cancelled. The phase is its id, or its name or number
 * with `--competition`.
 */
export async function submit(
  phase: string,
  path: string,
  options: SubmitOptions,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena submit', io, async () => {
    const session = await requireSession(env);
    const phaseId = await findPhaseId(session, phase, options.competition);
    const prepared = await prepareZip(path);
    let submission: Submission;
    try {
      const upload = await uploadZip(session, prepared, 'submission', io, env);
      submission = await call(session, () =>
        session.client.POST('/api/phases/{phaseId}/submissions', {
          params: {
            path: { phaseId },
            // Keyed by the upload: a re-run after a crash between upload and answer gets the same submission back.
            header: { 'idempotency-key': `arena-cli-${upload.uploadId}` },
          },
          body: {
            uploadId: upload.uploadId,
            description: options.description,
            teamId: options.team,
            methodName: options.methodName,
            methodDescription: options.methodDescription,
            codeUrl: options.codeUrl,
            paperUrl: options.paperUrl,
            factSheet: options.factSheet,
          },
          bodySerializer: toMultipart,
        }),
      );
      await upload.done();
    } finally {
      await prepared.cleanup();
    }
    io.out(`submitted ${submission.id} (${submission.status})`);
    if (!options.follow) {
      return ExitCode.ok;
    }
    return follow(session, submission.id, io);
  });
}

async function follow(session: ArenaSession, id: string, io: CliIo): Promise<number> {
  const lines = new LogLines((line, stream) => (stream === 'stdout' ? io.out(line) : io.err(line)));
  try {
    await followLiveLogs(session, id, (chunk) => lines.push(chunk));
  } catch (e) {
    // Logs may be hidden from participants (403): the verdict is still theirs to see.
    io.err(`arena submit: no live log (${(e as Error).message}); waiting for the verdict`);
  }
  lines.flush();
  const done = await waitForEnd(session, id);
  printVerdict(done, io);
  if (done.status === 'finished') {
    return ExitCode.ok;
  }
  return done.status === 'cancelled' ? ExitCode.runCancelled : ExitCode.runFailed;
}

async function waitForEnd(session: ArenaSession, id: string): Promise<Submission> {
  for (;;) {
    const s = await call(session, () => session.client.GET('/api/submissions/{id}', { params: { path: { id } } }));
    if (FINAL.includes(s.status)) {
      return s;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export function printVerdict(s: Submission, io: CliIo): void {
  const reason = [s.failureCode, s.failureMessage].filter(Boolean).join(': ') || 'no reason given';
  const why = s.status === 'finished' ? '' : `: ${reason}`;
  io.out(`submission ${s.id}: ${s.status}${why}`);
  for (const [key, value] of Object.entries(s.scores ?? {})) {
    io.out(`  ${key}: ${formatScore(value)}`);
  }
}

export function registerSubmit(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('submit')
    .description('upload a submission (resumable), then follow its run live until the verdict')
    .argument('<phase>', 'the phase: its id, or its name or number with --competition')
    .argument('<zip>', 'the submission zip (or a folder, zipped on the fly)')
    .option('-c, --competition <competition>', 'the competition (id or title) of a phase given by name or number')
    .option('--description <text>', 'a note shown with the submission')
    .option('--team <teamId>', 'submit on behalf of this team (you must be a member)')
    .option('--method-name <text>', "the method's name, where the competition asks for submission metadata")
    .option('--method-description <text>', 'the method, where the competition asks for submission metadata')
    .option('--code-url <url>', 'a link to the code, where the competition asks for submission metadata')
    .option('--paper-url <url>', 'a link to the paper, where the competition asks for submission metadata')
    .option('--fact-sheet <json>', 'JSON answers to the competition\'s fact sheet, e.g. \'{"method": "gbm"}\'')
    .option('--no-follow', 'return once the submission is created, without waiting for its run')
    .action(async (phaseId: string, path: string, options: SubmitOptions) =>
      setExit(await submit(phaseId, path, options, io, env)),
    );
}
