import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { LeaderboardHarness } from './leaderboard-harness';

// Force_Best ranked by an average rank: each entrant's best is judged among their own submissions (see
// selectEntries), so the board maintained as scores arrive equals a rebuild, whatever order they arrive in.
const BOARDS = `  - title: Best by mean rank
    key: bestrank
    submission_rule: Force_Best
    primary_index: 3
    columns:
      - { title: Accuracy, key: accuracy, index: 0, sorting: desc, precision: 4 }
      - { title: F1, key: f1, index: 1, sorting: desc, precision: 4 }
      - { title: AUC, key: auc, index: 2, sorting: desc, precision: 4 }
      - { title: Mean rank, key: mean_rank, index: 3, sorting: asc, precision: 2, computation: avg_rank, computation_indexes: [0, 1, 2] }
`;

describe('Force_Best under an average-rank primary through HTTP', () => {
  let h: LeaderboardHarness;
  let pat: HttpClient;
  let quinn: HttpClient;
  const s: Record<string, string> = {};

  beforeAll(async () => {
    h = await LeaderboardHarness.start(BOARDS);
    [pat, quinn] = [await h.participant('pat'), await h.participant('quinn')];
    // Pat's three, on (accuracy, f1, auc): X ranks (1, 2, 3), Y (3, 1, 2), Z (2, 3, 1) among them: all 2.0, so the
    // earliest, X, is Pat's best. Before Z arrived, Y was (X ranked (1, 2, 2), Y (2, 1, 1)); and Z beats Y alone
    // ((1, 2, 1) against (2, 1, 2)). A board that compared the new submission with the kept row only would keep Z.
    s.X = await h.submitScored(pat, { accuracy: 0.9, f1: 0.5, auc: 0.2 });
    s.Y = await h.submitScored(pat, { accuracy: 0.5, f1: 0.8, auc: 0.4 });
    s.Q1 = await h.submitScored(quinn, { accuracy: 0.8, f1: 0.9, auc: 0.9 });
    s.Q2 = await h.submitScored(quinn, { accuracy: 0.7, f1: 0.95, auc: 0.95 });
    s.Q3 = await h.submitScored(quinn, { accuracy: 0.6, f1: 0.99, auc: 0.99 });
    s.Z = await h.submitScored(pat, { accuracy: 0.8, f1: 0.3, auc: 0.6 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const rows = () => h.rows(h.anon, 'bestrank');

  it("keeps each entrant's best among all their own submissions, as they arrive", async () => {
    // Quinn's own: Q3 ranks (3, 1, 1), ahead of Q2 (2, 2, 2) and Q1 (1, 3, 3). On the board, Q3 (2, 1, 1) leads
    // X (1, 2, 2).
    expect((await rows()).map((r) => [r.submissionId, r.rank])).toEqual([
      [s.Q3, 1],
      [s.X, 2],
    ]);
  });

  it('a rebuild gives the rows the incremental updates gave', async () => {
    const before = await rows();
    const rebuilt = await h.organizer.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`);
    expect(rebuilt.status).toBe(200);
    expect(await rows()).toEqual(before);
  });
});
