import { csvRecord, type CsvValue } from '@api/common/csv';
import type { LeaderboardDto } from './dto/leaderboard.dto';

/**
 * RFC 4180 CSV of a board as the caller may see it: rank, participant, submission, time, each visible column with
 * full values (precision is for display), then the fact-sheet answers shown on the board, through the platform's one CSV
 * encoder (a text cell that a spreadsheet would run as a formula is prefixed with ').
 * `pseudonyms`: a column after the participant with the pseudonym participants see (organizers of an anonymous board).
 */
export function leaderboardCsv(board: LeaderboardDto, pseudonyms = false): string {
  const facts = board.factSheetColumns ?? [];
  const names = pseudonyms ? ['participant', 'pseudonym'] : ['participant'];
  // Boards that show the submissions' metadata carry it on every row (null where none was given).
  const meta = board.rows.some((r) => r.metadata !== undefined);
  const metaKeys = meta ? (['methodName', 'methodDescription', 'codeUrl', 'paperUrl'] as const) : [];
  const header = [
    'rank',
    ...names,
    'submission_id',
    'submitted_at',
    ...board.columns.map((c) => c.key),
    ...facts.map((f) => f.key),
    ...metaKeys.map((k) => k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)),
  ];
  const rows = board.rows.map((r): CsvValue[] => [
    r.rank,
    r.participant,
    ...(pseudonyms ? [r.pseudonym ?? ''] : []),
    r.submissionId,
    r.submittedAt,
    ...board.columns.map((c) => r.scores[c.key]),
    ...facts.map((f) => r.factSheet?.[f.key]),
    ...metaKeys.map((k) => r.metadata?.[k] ?? ''),
  ]);
  return [header, ...rows].map(csvRecord).join('');
}
