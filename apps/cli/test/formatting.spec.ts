import { describe, expect, it } from 'vitest';
import { boardTable } from '../src/commands/leaderboard.command';
import { printVerdict } from '../src/commands/submit.command';
import { failureSummary } from '../src/commands/submissions.command';
import { workerTable } from '../src/commands/worker.command';
import type { CliIo } from '../src/cli-io';
import { formatAge, formatScore, formatTable } from '../src/format/table';
import { LogLines } from '../src/submit/live-logs';

describe('formatTable', () => {
  it('aligns columns, numbers to the right, with no trailing spaces', () => {
    const lines = formatTable(
      [{ title: 'NAME' }, { title: 'SCORE', align: 'right' }],
      [
        ['ada', '0.9'],
        ['grace', '10.25'],
      ],
    );
    expect(lines).toEqual(['NAME   SCORE', '-----  -----', 'ada      0.9', 'grace  10.25']);
  });
});

describe('formatScore and formatAge', () => {
  it.each([
    [0.84, 4, '0.8400'],
    [null, 2, '-'],
    [undefined, 2, '-'],
    [3, undefined, '3'],
  ])('%s at %s', (v, p, out) => expect(formatScore(v, p)).toBe(out));

  it.each([
    [5_000, '5s'],
    [184_000, '3m 04s'],
    [7_500_000, '2h 05m'],
    [90_000_000, '1d 01h'],
  ])('%i ms ago', (ms, out) => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(formatAge(new Date(now - ms).toISOString(), now)).toBe(out);
  });

  it('says - when unknown', () => expect(formatAge(null)).toBe('-'));
});

describe('boardTable', () => {
  it('shows rank, participant, scores at their precision and fact-sheet answers', () => {
    // Not annotated: the fixture carries fields of newer API versions too (submitter, team).
    const board = {
      key: 'main',
      title: 'Results',
      primaryKey: 'accuracy',
      submissionRule: 'best',
      resultsHidden: false,
      anonymous: false,
      total: 2,
      columns: [
        { key: 'accuracy', title: 'Accuracy', index: 0, sorting: 'desc' as const, precision: 3 },
        { key: 'f1', title: 'F1', index: 1, sorting: 'desc' as const, precision: 2 },
      ],
      factSheetColumns: [{ key: 'open', title: 'Open source' }],
      detailedResults: false,
      freshness: { updatedAt: null, pending: 0, pendingSince: null },
      rows: [
        {
          rank: 1,
          position: 1,
          participant: 'ada',
          submitter: 'ada',
          team: null,
          submissionId: 's1',
          submittedAt: '',
          scores: { accuracy: 0.84, f1: 0.8 },
          factSheet: { open: true },
        },
        {
          rank: null,
          position: 2,
          participant: 'grace',
          submitter: 'grace',
          team: null,
          submissionId: 's2',
          submittedAt: '',
          scores: { accuracy: null, f1: 0.5 },
        },
      ],
    };
    const lines = boardTable(board);
    expect(lines).toEqual([
      'Results (main): 2 row(s)',
      '#  PARTICIPANT  Accuracy    F1  Open source  SUBMISSION',
      '-  -----------  --------  ----  -----------  ----------',
      '1  ada             0.840  0.80  true         s1',
      '-  grace               -  0.50  -            s2',
    ]);
  });

  it("says a board is anonymous, marks the caller's rows, and gives organizers the pseudonyms", () => {
    const row = (participant: string, submissionId: string, pseudonym?: string) => ({
      rank: 1,
      position: 1,
      participant,
      submitter: participant,
      team: null,
      submissionId,
      submittedAt: '',
      scores: { accuracy: 0.5 },
      ...(pseudonym ? { pseudonym } : {}),
    });
    const board = {
      key: 'main',
      title: 'Results',
      primaryKey: 'accuracy',
      submissionRule: 'Force_Last',
      resultsHidden: false,
      anonymous: true,
      total: 2,
      columns: [{ key: 'accuracy', title: 'Accuracy', index: 0, sorting: 'desc' as const, precision: 1 }],
      factSheetColumns: [],
      detailedResults: false,
      freshness: { updatedAt: null, pending: 0, pendingSince: null },
      rows: [row('Participant 417', 's1'), row('Team 82', 's2')],
    };
    expect(boardTable(board, (r) => r.participant === 'Team 82')).toEqual([
      'Results (main): 2 row(s), anonymous (participants see pseudonyms)',
      '#  PARTICIPANT      Accuracy  SUBMISSION',
      '-  ---------------  --------  ----------',
      '1  Participant 417       0.5  s1',
      '1  Team 82 (you)         0.5  s2',
    ]);
    const named = { ...board, rows: [row('ada', 's1', 'Participant 417'), row('Zebras', 's2', 'Team 82')] };
    expect(boardTable(named)[1]).toMatch(/^#\s+PARTICIPANT\s+PSEUDONYM\s+Accuracy\s+SUBMISSION$/);
    expect(boardTable(named)[4]).toMatch(/^1\s+Zebras\s+Team 82\s+0\.5\s+s2$/);
  });
});

describe('workerTable', () => {
  it('shows the heartbeat age of the current run and idle workers', () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    const run = {
      runId: 'r1',
      submissionId: 's1',
      startedAt: null,
      gpus: ['NVIDIA H100'],
      lastHeartbeatAt: '2026-01-01T00:09:50Z',
      leaseExpiresAt: null,
    };
    const workers = [
      {
        name: 'w1',
        hostname: 'box',
        version: '1.0',
        connectedSince: '2026-01-01T00:00:00Z',
        gpus: 'all',
        localData: [],
        labels: {},
        currentRun: run,
      },
      {
        name: 'w2',
        hostname: null,
        version: null,
        connectedSince: null,
        gpus: 'none',
        localData: [],
        labels: {},
        currentRun: null,
      },
    ];
    const lines = workerTable(workers, now);
    expect(lines[0]).toMatch(/^WORKER\s+HOST\s+VERSION\s+GPUS\s+CONNECTED\s+CURRENT JOB\s+HEARTBEAT$/);
    expect(lines[2]).toMatch(/^w1\s+box\s+1\.0\s+all\s+10m 00s\s+run r1 \(submission s1, on NVIDIA H100\)\s+10s$/);
    expect(lines[3]).toMatch(/^w2\s+-\s+-\s+none\s+-\s+idle\s+-$/);
  });
});

describe('LogLines', () => {
  it('prints whole lines per stream, joining chunks that split a line, and marks stderr', () => {
    const printed: string[] = [];
    const lines = new LogLines((line) => printed.push(line));
    lines.push({ runId: 'r', stream: 'stdout', text: 'scor' });
    lines.push({ runId: 'r', stream: 'stderr', text: 'warn\n' });
    lines.push({ runId: 'r', stream: 'stdout', text: 'ing\naccuracy=0.84' });
    lines.flush();
    expect(printed).toEqual(['stderr| warn', 'scoring', 'accuracy=0.84']);
  });
});

describe('printVerdict', () => {
  it('gives the status, the reason of a failure and each score', () => {
    const out: string[] = [];
    const io: CliIo = { out: (s) => out.push(s), err: (s) => out.push(s) };
    const base = {
      competitionId: 'c',
      phaseId: 'p',
      teamId: null,
      description: '',
      fileSize: 1,
      createdAt: '',
      finishedAt: null,
      rerunOf: null,
      isPublic: false,
      metadata: null,
    };
    printVerdict(
      { ...base, id: 's1', status: 'finished', scores: { accuracy: 0.84 }, failureCode: null, failureMessage: null },
      io,
    );
    printVerdict(
      { ...base, id: 's2', status: 'failed', scores: null, failureCode: 'program_failed', failureMessage: 'exit 1' },
      io,
    );
    expect(out).toEqual([
      'submission s1: finished',
      '  accuracy: 0.84',
      'submission s2: failed: program_failed: exit 1',
    ]);
  });
});

describe('failureSummary', () => {
  it("gives a failed submission's reason, naming the program and step, rather than its code alone", () => {
    const message =
      'the ingestion program (prediction step) exited with code 1; last lines of its stderr:\nModuleNotFoundError: x';
    expect(failureSummary({ failureCode: 'program_error', failureMessage: message })).toBe(
      'the ingestion program (prediction step) exited with code 1',
    );
    expect(failureSummary({ failureCode: 'worker_error', failureMessage: null })).toBe('worker_error');
    expect(failureSummary({ failureCode: 'x', failureMessage: 'y'.repeat(100) })).toHaveLength(70);
  });
});
