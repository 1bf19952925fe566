import type { ColumnModel } from '@arena/bundle';
import type { CandidateSubmission } from '@arena/leaderboard';
import { describe, expect, it } from 'vitest';
import { arrivalCandidates, boardRanking, type EntryRow, rankCandidates, sameRow } from './board-ranking';

const SCORES: ColumnModel[] = [
  { key: 'a', title: 'A', index: 0, sorting: 'desc', precision: 2, hidden: false },
  { key: 'b', title: 'B', index: 1, sorting: 'asc', precision: 2, hidden: false },
];
const AVG_RANK: ColumnModel = {
  key: 'r',
  title: 'R',
  index: 2,
  sorting: 'asc',
  precision: 2,
  hidden: false,
  rankAggregate: { method: 'avgRank', indexes: [0, 1] },
};

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function submissions(seed: number, n: number): CandidateSubmission[] {
  const rnd = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `s${String(i).padStart(3, '0')}`,
    participantId: `p${Math.floor(rnd() * 6)}`,
    submittedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    // Few distinct values, so ties happen; some missing.
    scores: { a: rnd() < 0.1 ? null : Math.round(rnd() * 5) / 5, b: Math.round(rnd() * 4) / 4 },
    finished: true,
  }));
}

/**
 * Applies submissions one at a time the way the maintainer does: the board's rows plus the new submission (under
 * Force_Best, its entrant's finished submissions so far), through the rule.
 */
function incremental(ranking: ReturnType<typeof boardRanking>, subs: CandidateSubmission[]): EntryRow[] {
  let rows: EntryRow[] = [];
  subs.forEach((s, i) => {
    const history = subs.slice(0, i + 1).filter((h) => h.participantId === s.participantId);
    rows = rankCandidates(ranking, arrivalCandidates(ranking, rows, [s], history));
  });
  return rows;
}

/**
 * Applies submissions the way the maintainer's batches do: they finish in a random order (a retried arrival comes
 * late), and each batch takes every arrival waiting at once, with every finished submission of their entrants as
 * history (finished ones whose own batch comes later included). Each batch is applied twice: the second changes
 * nothing, as a batch retried after a commit it did not hear of.
 */
function batched(ranking: ReturnType<typeof boardRanking>, subs: CandidateSubmission[], seed: number): EntryRow[] {
  const rnd = random(seed * 7919);
  const order = [...subs].sort(() => rnd() - 0.5);
  let rows: EntryRow[] = [];
  for (let done = 0; done < order.length;) {
    const batch = order.slice(done, done + 1 + Math.floor(rnd() * 8));
    done += batch.length;
    const finished = order.slice(0, Math.min(order.length, done + Math.floor(rnd() * 3)));
    for (let again = 0; again < 2; again++) {
      const entrants = new Set(batch.map((s) => s.participantId));
      const history = finished.filter((h) => entrants.has(h.participantId));
      const next = rankCandidates(ranking, arrivalCandidates(ranking, rows, batch, history));
      if (again === 1) {
        expect(next).toEqual(rows);
      }
      rows = next;
    }
  }
  return rows;
}

const RULES = [
  ['Force_Last', 0, [...SCORES, AVG_RANK]],
  ['Force_Latest_Multiple', 0, [...SCORES, AVG_RANK]],
  ['Force_Latest_Multiple', 2, [...SCORES, AVG_RANK]],
  ['Force_Best', 0, SCORES],
  ['Force_Best', 0, [...SCORES, AVG_RANK]],
  // The best submission by an average rank: judged among the entrant's own submissions, whatever arrives later.
  ['Force_Best', 2, [...SCORES, AVG_RANK]],
] as const;

describe('maintained rows equal a full recomputation', () => {
  it.each(RULES)(
    '%s, primary column %d, one submission at a time, over random fields',
    (rule, primaryIndex, columns) => {
      for (let seed = 1; seed <= 25; seed++) {
        const ranking = boardRanking({ columns: [...columns], primaryIndex, submissionRule: rule });
        const subs = submissions(seed, 40);
        expect(incremental(ranking, subs), `seed ${seed}`).toEqual(rankCandidates(ranking, subs));
      }
    },
  );

  it.each(RULES)(
    '%s, primary column %d, in batches arriving out of order, over random fields',
    (rule, primaryIndex, columns) => {
      for (let seed = 1; seed <= 25; seed++) {
        const ranking = boardRanking({ columns: [...columns], primaryIndex, submissionRule: rule });
        const subs = submissions(seed, 40);
        expect(batched(ranking, subs, seed), `seed ${seed}`).toEqual(rankCandidates(ranking, subs));
      }
    },
  );
});

describe('boardRanking', () => {
  it('names the primary column by index and the input columns', () => {
    const ranking = boardRanking({ columns: [...SCORES, AVG_RANK], primaryIndex: 2, submissionRule: 'Force_Best' });
    expect(ranking).toMatchObject({ rule: 'Force_Best', primaryKey: 'r', inputKeys: ['a', 'b'] });
  });

  it('ranks positions 1..n, with the missing primary score last and unranked', () => {
    const ranking = boardRanking({ columns: SCORES, primaryIndex: 0, submissionRule: 'Force_Latest_Multiple' });
    const rows = rankCandidates(ranking, [
      { id: 'x', participantId: 'p', submittedAt: '2026-01-01T00:00:00Z', scores: { a: null, b: 1 }, finished: true },
      { id: 'y', participantId: 'q', submittedAt: '2026-01-01T00:01:00Z', scores: { a: 0.5, b: 1 }, finished: true },
    ]);
    expect(rows.map((r) => [r.submissionId, r.rank, r.position])).toEqual([
      ['y', 1, 1],
      ['x', null, 2],
    ]);
  });
});

describe('sameRow', () => {
  const row: EntryRow = {
    submissionId: 's',
    entrantId: 'p',
    submittedAt: 't',
    rank: 1,
    position: 1,
    scores: { a: 1, b: null },
    columnRanks: { a: 1, b: null },
  };
  it.each([
    ['identical, keys reordered', { ...row, scores: { b: null, a: 1 } }, true],
    ['missing key equals null', { ...row, scores: { a: 1 } }, true],
    ['rank moved', { ...row, rank: 2 }, false],
    ['position moved', { ...row, position: 2 }, false],
    ['score changed', { ...row, scores: { a: 2, b: null } }, false],
    ['column rank changed', { ...row, columnRanks: { a: 2, b: null } }, false],
  ])('%s', (_, other, same) => {
    expect(sameRow(row, other)).toBe(same);
  });
});
