import type { Schema } from '@arena/api-client';
import type { Command } from 'commander';
import { call, requireSession } from '../api/arena-api';
import type { CliEnv } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { formatTable } from '../format/table';
import { runReporting } from './command-runner';

export interface InsightOptions {
  csv?: boolean;
  json?: boolean;
}

type Distribution = Schema<'DistributionDto'>;

/**
 * `arena competition insight <id>`: a competition's activity for its organizers: a summary, or the API's CSV export
 * (`--csv`, one row per figure, for a spreadsheet or a script), or the whole answer as JSON.
 */
export async function competitionInsight(id: string, options: InsightOptions, io: CliIo, env: CliEnv): Promise<number> {
  return runReporting('arena competition insight', io, async () => {
    const session = await requireSession(env);
    const path = { params: { path: { competitionId: id } } };
    if (options.csv) {
      const csv = await call(session, () =>
        session.client.GET('/api/competitions/{competitionId}/insight/export', { ...path, parseAs: 'text' }),
      );
      io.out(String(csv ?? '').trimEnd());
      return ExitCode.ok;
    }
    const i = await call(session, () => session.client.GET('/api/competitions/{competitionId}/insight', path));
    if (options.json) {
      io.out(JSON.stringify(i, null, 2));
      return ExitCode.ok;
    }
    const t = i.totals;
    io.out(
      `${t.submissions} submission(s) by ${t.activeParticipants} participant(s) and ${t.activeTeams} team(s); ` +
        `${t.registered} registered, ${t.activeLast7Days} active in the last 7 days`,
    );
    io.out('');
    const days = i.submissionsPerDay.slice(-14);
    const dayRows = days.map((d) => [d.day, String(d.submissions), String(d.failed), String(d.submitters)]);
    for (const line of formatTable(
      [
        { title: `day (${i.timeZone})` },
        { title: 'submissions', align: 'right' },
        { title: 'failed', align: 'right' },
        { title: 'submitters', align: 'right' },
      ],
      dayRows,
    )) {
      io.out(line);
    }
    io.out('');
    io.out(`failures: ${i.failures.map((f) => `${f.cause} ${f.count}`).join(', ') || 'none'}`);
    io.out(`queue wait: ${summary(i.queueWait)}`);
    io.out(`run time:   ${summary(i.runTime)}`);
    for (const p of i.scoreProgress) {
      const last = p.points.at(-1);
      io.out(`best ${p.title} on ${p.phaseName}: ${last ? `${last.best} (since ${last.at})` : 'none yet'}`);
    }
    return ExitCode.ok;
  });
}

function summary(d: Distribution): string {
  if (!d.count) {
    return 'no runs yet';
  }
  const s = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)} s`);
  return `p50 ${s(d.p50)}, p90 ${s(d.p90)}, p99 ${s(d.p99)}, max ${s(d.max)} over ${d.count} run(s)`;
}

export function registerCompetitionInsight(
  competition: Command,
  io: CliIo,
  env: CliEnv,
  setExit: (code: number) => void,
): void {
  competition
    .command('insight')
    .description('activity of a competition you organize: submissions per day, failures, waits, best score')
    .argument('<id>', 'competition id')
    .option('--csv', 'the CSV export (section, phase, key, value)')
    .option('--json', 'the whole answer as JSON')
    .action(async (id: string, options: InsightOptions) => setExit(await competitionInsight(id, options, io, env)));
}
