import { describe, expect, it } from 'vitest';
import type { LeaderboardDto } from './dto/leaderboard.dto';
import { leaderboardCsv } from './leaderboard-csv';

const board = (
  participant: string,
  scores: Record<string, number | null>,
  rank: number | null = 1,
): LeaderboardDto => ({
  key: 'main',
  title: 'Main',
  primaryKey: 'acc',
  submissionRule: 'Force_Last',
  resultsHidden: false,
  anonymous: false,
  total: 1,
  freshness: { updatedAt: null, pending: 0, pendingSince: null },
  factSheetColumns: [],
  detailedResults: false,
  columns: [
    { key: 'acc', title: 'Accuracy', index: 0, sorting: 'desc', precision: 2 },
    { key: 'f1', title: 'F1', index: 1, sorting: 'desc', precision: 2 },
  ],
  rows: [
    {
      rank,
      position: 1,
      participant,
      submitter: participant,
      team: null,
      submissionId: 's1',
      submittedAt: '2026-01-01T00:00:00.000Z',
      scores,
    },
  ],
});

describe('leaderboardCsv', () => {
  it.each([
    [
      'plain row, full values',
      board('ada', { acc: 0.123456789, f1: null }),
      'ada,s1,2026-01-01T00:00:00.000Z,0.123456789,',
    ],
    [
      'quotes a comma and doubles quotes',
      board('a,"b"', { acc: 1, f1: 2 }),
      '"a,""b""",s1,2026-01-01T00:00:00.000Z,1,2',
    ],
    [
      'neutralizes a formula',
      board('=HYPERLINK("x")', { acc: 1, f1: 2 }),
      `"'=HYPERLINK(""x"")",s1,2026-01-01T00:00:00.000Z,1,2`,
    ],
    ['keeps a negative number', board('ada', { acc: -0.5, f1: 2 }), 'ada,s1,2026-01-01T00:00:00.000Z,-0.5,2'],
  ])('%s', (_, dto, row) => {
    const [header, line, end] = leaderboardCsv(dto).split('\r\n');
    expect(header).toBe('rank,participant,submission_id,submitted_at,acc,f1');
    expect(line).toBe(`1,${row}`);
    expect(end).toBe('');
  });

  it("gives organizers of an anonymous board each row's pseudonym beside the name", () => {
    const dto = board('ada', { acc: 1, f1: 2 });
    dto.rows[0].pseudonym = 'Participant 417';
    const [header, line] = leaderboardCsv(dto, true).split('\r\n');
    expect(header).toBe('rank,participant,pseudonym,submission_id,submitted_at,acc,f1');
    expect(line).toBe('1,ada,Participant 417,s1,2026-01-01T00:00:00.000Z,1,2');
  });

  it('leaves the rank empty when the primary score is missing', () => {
    expect(leaderboardCsv(board('ada', { acc: null, f1: 1 }, null)).split('\r\n')[1]).toBe(
      ',ada,s1,2026-01-01T00:00:00.000Z,,1',
    );
  });
});

describe('leaderboardCsv formula guard', () => {
  it('neutralizes text that starts with a minus and a digit (a formula, not a number)', () => {
    const line = leaderboardCsv(board("-2+3+cmd|' /C calc'!A0", { acc: -1, f1: 2 })).split('\r\n')[1];
    expect(line).toBe(`1,'-2+3+cmd|' /C calc'!A0,s1,2026-01-01T00:00:00.000Z,-1,2`);
  });

  it('neutralizes formulas in fact-sheet answers and method metadata', () => {
    const dto = board('ada', { acc: 1, f1: 2 });
    dto.factSheetColumns = [{ key: 'team_size', title: 'Team size' } as never];
    dto.rows[0].factSheet = { team_size: '@SUM(1+1)' };
    dto.rows[0].metadata = { methodName: '=1+1', methodDescription: '+x', codeUrl: null, paperUrl: null } as never;
    const line = leaderboardCsv(dto).split('\r\n')[1];
    expect(line).toBe(`1,ada,s1,2026-01-01T00:00:00.000Z,1,2,'@SUM(1+1),'=1+1,'+x,,`);
  });
});
