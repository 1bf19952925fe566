import type { Schema } from '@arena/api-client';
import type { Command } from 'commander';
import { type ArenaSession, call, requireSession } from '../api/arena-api';
import { findPhaseId } from '../api/find-competition';
import type { CliEnv } from '../api/cli-config';
import { CliFailure } from '../api/cli-failure';
import { ExitCode, type CliIo } from '../cli-io';
import { formatScore, formatTable } from '../format/table';
import { runReporting } from './command-runner';

export interface LeaderboardOptions {
  board?: string;
  format: 'table' | 'csv' | 'json';
  competition?: string;
}

type Board = Schema<'LeaderboardDto'>;

/**
 * `arena leaderboard <phaseId>`: the phase's boards as aligned tables, or one board as the API's CSV export, or as
 * JSON. Without `--board`, the table and JSON show every board you may see and CSV the first one.
 */
export async function leaderboard(
  phaseId: string,
  options: LeaderboardOptions,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena leaderboard', io, async () => {
    if (!['table', 'csv', 'json'].includes(options.format)) {
      throw new CliFailure(`--format must be table, csv or json, not ${options.format}`, ExitCode.usage);
    }
    const session = await requireSession(env);
    phaseId = await findPhaseId(session, phaseId, options.competition);
    if (options.format === 'csv') {
      const key = options.board ?? (await boards(session, phaseId))[0]?.key;
      if (!key) {
        throw new CliFailure(`phase ${phaseId} has no leaderboard you may see`, ExitCode.notFound);
      }
      const csv = await call(session, () =>
        session.client.GET('/api/phases/{phaseId}/leaderboards/{key}/export', {
          params: { path: { phaseId, key }, query: { format: 'csv' } },
          parseAs: 'text',
        }),
      );
      io.out(String(csv ?? ''));
      return ExitCode.ok;
    }
    const shown = options.board ? [await board(session, phaseId, options.board)] : await boards(session, phaseId);
    if (options.format === 'json') {
      io.out(JSON.stringify(options.board ? shown[0] : shown, null, 2));
      return ExitCode.ok;
    }
    const mine = await Promise.all(shown.map((b) => ownRows(session, phaseId, b)));
    shown.forEach((b, i) => {
      if (i > 0) {
        io.out('');
      }
      for (const line of boardTable(b, mine[i])) {
        io.out(line);
      }
    });
    if (!shown.length) {
      io.out(`phase ${phaseId} has no leaderboard you may see`);
    }
    return ExitCode.ok;
  });
}

async function boards(session: ArenaSession, phaseId: string): Promise<Board[]> {
  const all = await call(session, () =>
    session.client.GET('/api/phases/{phaseId}/leaderboard', { params: { path: { phaseId }, query: { limit: 1000 } } }),
  );
  return all.leaderboards;
}

function board(session: ArenaSession, phaseId: string, key: string): Promise<Board> {
  return call(session, () =>
    session.client.GET('/api/phases/{phaseId}/leaderboards/{key}', {
      params: { path: { phaseId, key }, query: { limit: 1000 } },
    }),
  );
}

type Row = Board['rows'][number];

/**
 * Which rows are the caller's: those "my rank" marks (the board pages are the same for everyone), and on an
 * anonymous board every row under the caller's pseudonym. Nothing is marked when the answer cannot be had.
 */
async function ownRows(session: ArenaSession, phaseId: string, b: Board): Promise<(r: Row) => boolean> {
  const me = await call(session, () =>
    session.client.GET('/api/phases/{phaseId}/leaderboards/{key}/me', { params: { path: { phaseId, key: b.key } } }),
  ).catch(() => undefined);
  const rows = (me?.rows ?? []).filter((r) => r.mine);
  const ids = new Set(rows.map((r) => r.submissionId));
  const names = new Set(rows.map((r) => r.participant));
  return (r) => ids.has(r.submissionId) || (b.anonymous && names.has(r.participant));
}

/**
 * A board as the web shows it: rank, participant (yours marked), one column per score (at its precision), fact-sheet
 * answers. On an anonymous board organizers get each row's pseudonym in a column of its own.
 */
export function boardTable(b: Board, mine: (r: Row) => boolean = () => false): string[] {
  const hidden = b.resultsHidden ? ', results hidden until the organizers reveal them' : '';
  const anonymous = b.anonymous ? ', anonymous (participants see pseudonyms)' : '';
  const title = `${b.title} (${b.key}): ${b.total} row(s)${hidden}${anonymous}`;
  const pseudonyms = b.rows.some((r) => r.pseudonym !== undefined);
  const columns = [
    { title: '#', align: 'right' as const },
    { title: 'PARTICIPANT' },
    ...(pseudonyms ? [{ title: 'PSEUDONYM' }] : []),
    ...b.columns.map((c) => ({ title: c.title || c.key, align: 'right' as const })),
    ...b.factSheetColumns.map((c) => ({ title: c.title || c.key })),
    { title: 'SUBMISSION' },
  ];
  const rows = b.rows.map((r) => [
    r.rank === null ? '-' : String(r.rank),
    mine(r) ? `${r.participant} (you)` : r.participant,
    ...(pseudonyms ? [r.pseudonym ?? ''] : []),
    ...b.columns.map((c) => formatScore(r.scores[c.key], c.precision)),
    ...b.factSheetColumns.map((c) => String(r.factSheet?.[c.key] ?? '-')),
    r.submissionId,
  ]);
  return [title, ...formatTable(columns, rows)];
}

export function registerLeaderboard(program: Command, io: CliIo, env: CliEnv, setExit: (code: number) => void): void {
  program
    .command('leaderboard')
    .description('show a phase’s leaderboards as a table, CSV (the API export) or JSON')
    .argument('<phase>', 'the phase: its id, or its name or number with --competition')
    .option('-c, --competition <competition>', 'the competition (id or title) of a phase given by name or number')
    .option('--board <key>', 'one board by its key (default: all boards; CSV: the first)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (phaseId: string, options: LeaderboardOptions) =>
      setExit(await leaderboard(phaseId, options, io, env)),
    );
}
