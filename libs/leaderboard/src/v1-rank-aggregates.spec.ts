import { describe, expect, it } from 'vitest';
import { ColumnDef, rankLeaderboard } from './index';
import { entry } from './testing/entry.fixture';

/*
 * A CodaLab v1-style board worked by hand: 4 participants, 3 scored columns, a computed "<Rank>" column.
 *
 *            acc (desc)  f1 (desc)  err (asc)  | dense ranks   avgRank  mrr                 | standard ranks  avgRank
 *   P1       0.9         0.7        0.3        | 1   2   3     2        (1 + 1/2 + 1/3)/3    | 1   2   4       7/3
 *   P2       0.8         0.8        0.2        | 2   1   2     5/3      (1/2 + 1 + 1/2)/3    | 2   1   2       5/3
 *   P3       0.8         0.6        0.1        | 2   3   1     2        (1/2 + 1/3 + 1)/3    | 2   3   1       2
 *   P4       0.7         (missing)  0.2        | 3   4*  2     3        (1/3 + 1/4 + 1/2)/3  | 4   4*  2       10/3
 *
 * (*) f1 is missing for P4: tied last, i.e. dense max rank + 1 = 4 (v1's `r + 1`), standard ranked count + 1 = 4.
 * P1 and P3 tie on the average rank (2): they share rank 2 and the earlier submission (P3) is listed first.
 * MRR ties them too, although 1 + 1/2 + 1/3 and 1/2 + 1/3 + 1 differ in the last bit: epsilon keeps them equal.
 */
const columns: ColumnDef[] = [
  { key: 'rank', title: '<Rank>', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['acc', 'f1', 'err'] },
  { key: 'mrr', sorting: 'desc', rankAggregate: 'mrr', computationKeys: ['acc', 'f1', 'err'] },
  {
    key: 'weighted',
    sorting: 'asc',
    rankAggregate: 'weightedRank',
    computationKeys: ['acc', 'f1', 'err'],
    weights: [0.5, 0.25, 0.25],
  },
  { key: 'acc', sorting: 'desc', precision: 4 },
  { key: 'f1', sorting: 'desc' },
  { key: 'err', sorting: 'asc' },
];
const entries = [
  entry('s1', { acc: 0.9, f1: 0.7, err: 0.3 }, { participantId: 'P1', minute: 30 }),
  entry('s2', { acc: 0.8, f1: 0.8, err: 0.2 }, { participantId: 'P2', minute: 20 }),
  entry('s3', { acc: 0.8, f1: 0.6, err: 0.1 }, { participantId: 'P3', minute: 10 }),
  entry('s4', { acc: 0.7, err: 0.2 }, { participantId: 'P4', minute: 0 }),
];

function board(primaryKey: string, tiePolicy: 'dense' | 'standard' = 'dense') {
  return rankLeaderboard(columns, entries, { primaryKey, tiePolicy }).map((row) => ({
    participant: row.participantId,
    rank: row.rank,
    value: row.scores[primaryKey],
  }));
}

describe('CodaLab v1 rank aggregates, worked example', () => {
  it('average rank (dense, v1 parity)', () => {
    expect(board('rank')).toEqual([
      { participant: 'P2', rank: 1, value: 5 / 3 },
      { participant: 'P3', rank: 2, value: 2 },
      { participant: 'P1', rank: 2, value: 2 },
      { participant: 'P4', rank: 3, value: 3 },
    ]);
  });

  it('per-column ranks behind the average', () => {
    const rows = rankLeaderboard(columns, entries, { primaryKey: 'rank' });
    const ranks = Object.fromEntries(
      rows.map((r) => [r.participantId, [r.columnRanks.acc, r.columnRanks.f1, r.columnRanks.err]]),
    );
    expect(ranks).toEqual({ P1: [1, 2, 3], P2: [2, 1, 2], P3: [2, 3, 1], P4: [3, null, 2] });
  });

  it('average rank under standard ties ranks P3 ahead of P1', () => {
    expect(board('rank', 'standard')).toEqual([
      { participant: 'P2', rank: 1, value: 5 / 3 },
      { participant: 'P3', rank: 2, value: 2 },
      { participant: 'P1', rank: 3, value: 7 / 3 },
      { participant: 'P4', rank: 4, value: 10 / 3 },
    ]);
  });

  it('mean reciprocal rank (higher is better)', () => {
    const rows = board('mrr');
    expect(rows.map((r) => [r.participant, r.rank])).toEqual([
      ['P2', 1],
      ['P3', 2],
      ['P1', 2],
      ['P4', 3],
    ]);
    expect(rows.map((r) => r.value)).toEqual([
      expect.closeTo(2 / 3, 12),
      expect.closeTo(11 / 18, 12),
      expect.closeTo(11 / 18, 12),
      expect.closeTo(13 / 36, 12),
    ]);
  });

  it('weighted rank: 0.5 acc + 0.25 f1 + 0.25 err', () => {
    // P1 0.5+0.5+0.75 = 1.75, P2 1+0.25+0.5 = 1.75, P3 1+0.75+0.25 = 2, P4 1.5+1+0.5 = 3. P2 earlier than P1.
    expect(board('weighted')).toEqual([
      { participant: 'P2', rank: 1, value: 1.75 },
      { participant: 'P1', rank: 1, value: 1.75 },
      { participant: 'P3', rank: 2, value: 2 },
      { participant: 'P4', rank: 3, value: 3 },
    ]);
  });

  it('a tie-break column separates the tied average ranks', () => {
    const rows = rankLeaderboard(columns, entries, { primaryKey: 'rank', tieBreakKeys: ['acc'] });
    expect(rows.map((r) => [r.participantId, r.rank])).toEqual([
      ['P2', 1],
      ['P1', 2],
      ['P3', 3],
      ['P4', 4],
    ]);
  });
});
