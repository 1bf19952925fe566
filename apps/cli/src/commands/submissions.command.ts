import type { Schema } from '@arena/api-client';
import type { Command } from 'commander';
import { call, requireSession } from '../api/arena-api';
import { findPhaseId } from '../api/find-competition';
import type { CliEnv } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { formatScore, formatTable } from '../format/table';
import { runReporting } from './command-runner';

export interface SubmissionsOptions {
  json?: boolean;
  competition?: string;
}

/** `arena submissions <phaseId>`: your submissions to a phase (all of them for its organizers), newest first. */
export async function submissions(
  phaseId: string,
  options: SubmissionsOptions,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena submissions', io, async () => {
    const session = await requireSession(env);
    phaseId = await findPhaseId(session, phaseId, options.competition);
    const list = await call(session, () =>
      session.client.GET('/api/phases/{phaseId}/submissions', { params: { path: { phaseId }, query: { limit: 200 } } }),
    );
    if (options.json) {
      io.out(JSON.stringify(list, null, 2));
    } else if (!list.length) {
      io.out('no submissions');
    } else {
      for (const line of submissionTable(list)) {
        io.out(line);
      }
    }
    return ExitCode.ok;
  });
}

/** A failed submission's reason in one line: the start of its message (which names the program and step), not the code alone. */
export function failureSummary(s: Pick<Schema<'SubmissionDto'>, 'failureCode' | 'failureMessage'>): string {
  const first = (s.failureMessage ?? '')
    .split('\n')[0]
    .replace(/;? last lines of its (stderr|stdout):$/, '')
    .trim();
  if (!first) {
    return s.failureCode ?? '';
  }
  return first.length > 70 ? `${first.slice(0, 69)}…` : first;
}

export function submissionTable(list: Schema<'SubmissionDto'>[]): string[] {
  const rows = list.map((s) => [
    s.id,
    s.status,
    s.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    Object.entries(s.scores ?? {})
      .map(([k, v]) => `${k}=${formatScore(v)}`)
      .join(' ') || failureSummary(s),
    s.description,
  ]);
  return formatTable(
    [{ title: 'ID' }, { title: 'STATUS' }, { title: 'SUBMITTED' }, { title: 'SCORES' }, { title: 'DESCRIPTION' }],
    rows,
  );
}

export function registerSubmissions(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('submissions')
    .description('list your submissions to a phase (organizers: everyone’s)')
    .argument('<phase>', 'the phase: its id, or its name or number with --competition')
    .option('-c, --competition <competition>', 'the competition (id or title) of a phase given by name or number')
    .option('--json', 'print the submissions as the API returns them')
    .action(async (phaseId: string, options: SubmissionsOptions) =>
      setExit(await submissions(phaseId, options, io, env)),
    );
}
