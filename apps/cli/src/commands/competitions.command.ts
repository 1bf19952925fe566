import type { Command } from 'commander';
import { call, serverSession } from '../api/arena-api';
import type { CliEnv } from '../api/cli-config';
import { findCompetition } from '../api/find-competition';
import { ExitCode, type CliIo } from '../cli-io';
import { formatTable } from '../format/table';
import { runReporting } from './command-runner';

export interface CompetitionsOptions {
  mine?: boolean;
  limit?: string;
  json?: boolean;
}

/** `arena competitions [search]`: the competitions the caller may see (public ones without a login), newest first. */
export async function competitions(
  search: string | undefined,
  options: CompetitionsOptions,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena competitions', io, async () => {
    const session = await serverSession(env);
    const limit = Number(options.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      io.err('arena competitions: --limit must be a whole number from 1 to 200');
      return ExitCode.usage;
    }
    const list = await call(session, () =>
      session.client.GET('/api/competitions', {
        params: { query: { q: search || undefined, limit, ...(options.mine ? { role: 'organizer' as const } : {}) } },
      }),
    );
    if (options.json) {
      io.out(JSON.stringify(list, null, 2));
    } else if (list.length === 0) {
      io.out(search ? `no competition matches "${search}"` : 'no competitions');
    } else {
      const rows = list.map((c) => [c.id, c.title, c.visibility, c.format, c.createdAt.slice(0, 10)]);
      for (const line of formatTable(
        [{ title: 'ID' }, { title: 'TITLE' }, { title: 'VISIBILITY' }, { title: 'FORMAT' }, { title: 'CREATED' }],
        rows,
      )) {
        io.out(line);
      }
    }
    return ExitCode.ok;
  });
}

/** `arena phases <competition>`: a competition's phases (by its id or title), with what `submit` needs to name them. */
export async function phases(
  competition: string,
  options: { json?: boolean },
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena phases', io, async () => {
    const session = await serverSession(env);
    const c = await findCompetition(session, competition);
    if (options.json) {
      io.out(JSON.stringify(c.phases, null, 2));
      return ExitCode.ok;
    }
    io.out(`${c.title} (${c.id})`);
    const day = (d: string | null) => (d ? d.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z') : '-');
    const limit = (n: number | null) => (n === null || n === 0 ? '-' : String(n));
    const rows = c.phases.map((p) => [
      String(p.index + 1),
      p.name,
      p.state,
      day(p.startAt),
      day(p.endAt),
      limit(p.maxSubmissionsPerDay),
      limit(p.maxSubmissions),
      p.scoringOnly ? 'results' : 'results or code',
      p.id,
    ]);
    const columns = [
      { title: '#', align: 'right' as const },
      { title: 'PHASE' },
      { title: 'STATE' },
      { title: 'STARTS' },
      { title: 'ENDS' },
      { title: 'PER DAY', align: 'right' as const },
      { title: 'TOTAL', align: 'right' as const },
      { title: 'TAKES' },
      { title: 'ID' },
    ];
    for (const line of formatTable(columns, rows)) {
      io.out(line);
    }
    io.out(
      `submit with: arena submit "${c.phases.find((p) => p.state === 'open')?.name ?? c.phases[0]?.name}" <zip> --competition "${c.title}"`,
    );
    return ExitCode.ok;
  });
}

export function registerCompetitionsCommands(
  program: Command,
  io: CliIo,
  env: CliEnv,
  setExit: (code: number) => void,
): void {
  program
    .command('competitions')
    .description('list the competitions you can see (public ones without logging in), or search them')
    .argument('[search]', 'words of the title or description')
    .option('--mine', 'only the competitions you organize')
    .option('--limit <n>', 'how many at most (1 to 200)', '50')
    .option('--json', 'print the list as the API returns it')
    .action(async (search: string | undefined, options: CompetitionsOptions) =>
      setExit(await competitions(search, options, io, env)),
    );
  program
    .command('phases')
    .description('list the phases of a competition: names, dates, limits, ids')
    .argument('<competition>', 'the competition: its id or its title')
    .option('--json', 'print the phases as the API returns them')
    .action(async (competition: string, options: { json?: boolean }) =>
      setExit(await phases(competition, options, io, env)),
    );
}
