import {
  type CandidateSubmission,
  type ColumnDef,
  rankLeaderboard,
  selectEntries,
  type SubmissionRule,
  type TiePolicy,
} from '../../libs/leaderboard/src/index';

/**
 * The leaderboard page's worked examples, ranked at build time by libs/leaderboard itself (the code the boards run),
 * so the tables cannot drift from what the platform does.
 */
export interface ExampleTable {
  headers: string[];
  rows: string[][];
}

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));
const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 12, minute)).toISOString();

function ties(policy: TiePolicy): ExampleTable {
  const columns: ColumnDef[] = [
    { key: 'accuracy', sorting: 'desc' },
    { key: 'time', sorting: 'asc' },
  ];
  const entries = [
    { id: 'ada', participantId: 'ada', submittedAt: at(1), scores: { accuracy: 0.9, time: 12 } },
    { id: 'bob', participantId: 'bob', submittedAt: at(2), scores: { accuracy: 0.9, time: 12 } },
    { id: 'cat', participantId: 'cat', submittedAt: at(3), scores: { accuracy: 0.9, time: 8 } },
    { id: 'dan', participantId: 'dan', submittedAt: at(4), scores: { accuracy: 0.85, time: 5 } },
    { id: 'eve', participantId: 'eve', submittedAt: at(5), scores: { accuracy: null, time: 3 } },
  ];
  const rows = rankLeaderboard(columns, entries, { primaryKey: 'accuracy', tieBreakKeys: ['time'], tiePolicy: policy });
  return {
    headers: ['rank', 'entrant', 'accuracy (desc)', 'time (asc, tie-break)', 'submitted'],
    rows: rows.map((r) => [
      String(r.rank ?? '—'),
      r.participantId,
      fmt(r.scores.accuracy, 2),
      fmt(r.scores.time, 0),
      r.submittedAt.slice(11, 16),
    ]),
  };
}

function averageRank(): ExampleTable {
  const columns: ColumnDef[] = [
    { key: 'accuracy', sorting: 'desc' },
    { key: 'precision', sorting: 'desc' },
    { key: 'recall', sorting: 'desc' },
    { key: 'mean', sorting: 'desc', computation: 'avg', computationKeys: ['accuracy', 'precision', 'recall'] },
    { key: 'avg_rank', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['accuracy', 'precision', 'recall'] },
  ];
  const entries = [
    { id: 'ada', participantId: 'ada', submittedAt: at(1), scores: { accuracy: 0.91, precision: 0.8, recall: 0.7 } },
    { id: 'bob', participantId: 'bob', submittedAt: at(2), scores: { accuracy: 0.88, precision: 0.95, recall: 0.75 } },
    { id: 'cat', participantId: 'cat', submittedAt: at(3), scores: { accuracy: 0.85, precision: 0.7, recall: 0.99 } },
    { id: 'dan', participantId: 'dan', submittedAt: at(4), scores: { accuracy: 0.8, precision: 0.9, recall: null } },
  ];
  const rows = rankLeaderboard(columns, entries, { primaryKey: 'avg_rank' });
  const withRank = (r: (typeof rows)[number], key: string) => `${fmt(r.scores[key], 2)} (${r.columnRanks[key] ?? '—'})`;
  return {
    headers: ['rank', 'entrant', 'accuracy (rank)', 'precision (rank)', 'recall (rank)', 'mean', 'avg_rank'],
    rows: rows.map((r) => [
      String(r.rank ?? '—'),
      r.participantId,
      withRank(r, 'accuracy'),
      withRank(r, 'precision'),
      withRank(r, 'recall'),
      fmt(r.scores.mean),
      fmt(r.scores.avg_rank, 2),
    ]),
  };
}

const HISTORY: CandidateSubmission[] = [
  { id: 's1', participantId: 'ada', submittedAt: at(1), scores: { accuracy: 0.8 }, finished: true },
  { id: 's2', participantId: 'ada', submittedAt: at(2), scores: { accuracy: 0.9 }, finished: true, selected: true },
  { id: 's3', participantId: 'ada', submittedAt: at(3), scores: { accuracy: null }, finished: true, failed: true },
  { id: 's4', participantId: 'ada', submittedAt: at(4), scores: { accuracy: 0.85 }, finished: true },
];

function rules(): ExampleTable {
  const columns: ColumnDef[] = [{ key: 'accuracy', sorting: 'desc' }];
  const all: SubmissionRule[] = ['Force_Last', 'Force_Best', 'Force_Latest_Multiple', 'Add', 'Add_And_Delete_Multiple'];
  return {
    headers: ['submission_rule', "ada's entries on the board"],
    rows: all.map((rule) => {
      const chosen = selectEntries(rule, HISTORY, { columns, primaryKey: 'accuracy' });
      return [rule, chosen.map((s) => `${s.id} (${fmt(s.scores.accuracy, 2)})`).join(', ') || 'none'];
    }),
  };
}

export default {
  load() {
    return {
      history: {
        headers: ['submission', 'submitted', 'accuracy', 'note'],
        rows: HISTORY.map((s) => [
          s.id,
          s.submittedAt.toString().slice(11, 16),
          fmt(s.scores.accuracy, 2),
          s.failed ? 'failed' : s.selected ? 'picked by ada ("put on the leaderboard")' : '',
        ]),
      },
      dense: ties('dense'),
      standard: ties('standard'),
      averageRank: averageRank(),
      rules: rules(),
    };
  },
};
