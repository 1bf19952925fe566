import { describe, expect, it } from 'vitest';
import {
  CandidateSubmission,
  ColumnDef,
  LeaderboardError,
  mapV1Flags,
  selectEntries,
  SUBMISSION_RULES,
  SubmissionRule,
  V1LeaderboardFlags,
} from './index';
import { entry } from './testing/entry.fixture';

function submission(
  id: string,
  participantId: string,
  minute: number,
  score: number | null,
  extra: Partial<CandidateSubmission> = {},
): CandidateSubmission {
  return { ...entry(id, { score }, { participantId, minute }), finished: true, ...extra };
}

const columns: ColumnDef[] = [{ key: 'score', sorting: 'desc' }];

// Alice: a1 (selected), a2 (selected, latest selected), a3 (latest, best tied with a1), a4 unfinished, a5 failed.
// Bob: b1 (best), b2 (selected, latest). Carol: c1 only, never selected.
const submissions: CandidateSubmission[] = [
  submission('a1', 'alice', 1, 0.8, { selected: true }),
  submission('a2', 'alice', 2, 0.5, { selected: true }),
  submission('a3', 'alice', 3, 0.8),
  submission('a4', 'alice', 4, null, { finished: false, selected: true }),
  submission('a5', 'alice', 5, 0.99, { failed: true, selected: true }),
  submission('b1', 'bob', 1, 0.9),
  submission('b2', 'bob', 2, 0.1, { selected: true }),
  submission('c1', 'carol', 1, 0.3),
];

describe('selectEntries', () => {
  it.each([
    ['Add', ['a2', 'b2']],
    ['Add_And_Delete', ['a2', 'b2']],
    ['Add_And_Delete_Multiple', ['a1', 'a2', 'b2']],
    ['Force_Last', ['a3', 'b2', 'c1']],
    ['Force_Latest_Multiple', ['a1', 'a2', 'a3', 'b1', 'b2', 'c1']],
    ['Force_Best', ['a1', 'b1', 'c1']],
  ] as Array<[SubmissionRule, string[]]>)('%s', (rule, expected) => {
    expect(selectEntries(rule, submissions, { columns, primaryKey: 'score' }).map((s) => s.id)).toEqual(expected);
  });

  it('covers every rule', () => {
    expect(SUBMISSION_RULES).toHaveLength(6);
  });

  it('breaks equal submission times by the greater id for "latest"', () => {
    const same = [submission('x2', 'p', 1, 1), submission('x10', 'p', 1, 1), submission('x1', 'p', 1, 1)];
    expect(selectEntries('Force_Last', same).map((s) => s.id)).toEqual(['x2']);
  });

  it('Force_Best prefers a scored submission and follows the tie-break columns', () => {
    const twoColumns: ColumnDef[] = [...columns, { key: 'time', sorting: 'asc' }];
    const subs = [
      submission('n', 'p', 0, null),
      { ...submission('s', 'p', 1, 0.5), scores: { score: 0.5, time: 9 } },
      { ...submission('f', 'p', 2, 0.5), scores: { score: 0.5, time: 2 } },
    ];
    const pick = (tieBreakKeys: string[]) =>
      selectEntries('Force_Best', subs, { columns: twoColumns, primaryKey: 'score', tieBreakKeys }).map((s) => s.id);
    expect(pick([])).toEqual(['s']);
    expect(pick(['time'])).toEqual(['f']);
  });

  it('Force_Best still lists a participant whose submissions all lack the primary score', () => {
    const subs = [submission('late', 'p', 5, null), submission('early', 'p', 1, null)];
    expect(selectEntries('Force_Best', subs, { columns, primaryKey: 'score' }).map((s) => s.id)).toEqual(['early']);
  });

  it("Force_Best under a rank aggregate judges a participant's submissions among their own: others never change it", () => {
    const rankColumns: ColumnDef[] = [
      { key: 'acc', sorting: 'desc' },
      { key: 'f1', sorting: 'desc' },
      { key: 'auc', sorting: 'desc' },
      { key: 'rank', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['acc', 'f1', 'auc'] },
    ];
    const scored = (id: string, who: string, minute: number, acc: number, f1: number, auc: number) => ({
      ...entry(id, { acc, f1, auc }, { participantId: who, minute }),
      finished: true,
    });
    // Among Pat's own two: A ranks (1, 2, 2), B ranks (2, 1, 1): B is better. Ranked in a field with Quinn's three,
    // A would rank (1, 5, 5) = 3.67 and B (5, 4, 4) = 4.33: A would win, so Quinn's submissions would have decided.
    // Quinn's own: Q3 ranks (3, 1, 1), ahead of Q2 (2, 2, 2) and Q1 (1, 3, 3).
    const pat = [scored('A', 'pat', 1, 0.9, 0.1, 0.1), scored('B', 'pat', 2, 0.5, 0.5, 0.5)];
    const quinn = [
      scored('Q1', 'quinn', 3, 0.8, 0.9, 0.9),
      scored('Q2', 'quinn', 4, 0.7, 0.95, 0.95),
      scored('Q3', 'quinn', 5, 0.6, 0.99, 0.99),
    ];
    const best = (subs: CandidateSubmission[]) =>
      selectEntries('Force_Best', subs, { columns: rankColumns, primaryKey: 'rank' }).map((s) => s.id);
    expect(best(pat)).toEqual(['B']);
    expect(best([...pat, ...quinn])).toEqual(['B', 'Q3']);
    expect(best([...quinn, ...pat].reverse())).toEqual(['B', 'Q3']);
  });

  it('Force_Best needs columns and a primary key', () => {
    expect(() => selectEntries('Force_Best', submissions)).toThrow(LeaderboardError);
    expect(() => selectEntries('Force_Best', submissions, { columns })).toThrow(/primaryKey/);
  });

  it('refuses an unknown rule', () => {
    expect(() => selectEntries('Best_Of_Three' as SubmissionRule, submissions)).toThrow(/unknown submission rule/);
  });

  it('keeps the caller type', () => {
    const rich = [{ ...submission('a', 'p', 1, 1), fileName: 'a.zip' }];
    expect(selectEntries('Force_Last', rich)[0].fileName).toBe('a.zip');
  });
});

describe('mapV1Flags', () => {
  it.each([
    [{}, 'Add'],
    [{ forceSubmissionToLeaderboard: false, forceBestSubmissionToLeaderboard: false }, 'Add'],
    [{ forceSubmissionToLeaderboard: true }, 'Force_Last'],
    [{ leaderboardManagementMode: 'hide_results' }, 'Force_Last'],
    [{ leaderboardManagementMode: 'default' }, 'Add'],
    [{ forceBestSubmissionToLeaderboard: true }, 'Force_Best'],
    [{ forceSubmissionToLeaderboard: true, forceBestSubmissionToLeaderboard: true }, 'Force_Best'],
  ] as Array<[V1LeaderboardFlags, SubmissionRule]>)('%j -> %s', (flags, rule) => {
    expect(mapV1Flags(flags)).toBe(rule);
  });
});
