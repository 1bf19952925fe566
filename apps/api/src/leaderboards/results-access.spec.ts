import { describe, expect, it } from 'vitest';
import { NO_HIDES, type Viewer } from '@api/submissions/submission-visibility';
import { type PhaseResultsFacts, RESULTS_HIDDEN, resultsAccess } from './results-access';

const facts = (f: Partial<PhaseResultsFacts> = {}): PhaseResultsFacts => ({
  resultsHidden: false,
  hiddenKeys: new Set(),
  hides: NO_HIDES,
  detailedResults: true,
  ...f,
});
const allowed = (viewer: Viewer, f: Partial<PhaseResultsFacts>) => {
  const a = resultsAccess(viewer, facts(f));
  return {
    scores: a.scores.kind,
    logs: a.logs === null,
    output: a.output === null,
    detailed: a.detailedResults === null,
  };
};

describe("resultsAccess: one decision for every reader of a submission's results", () => {
  it.each<[string, Viewer, Partial<PhaseResultsFacts>, ReturnType<typeof allowed>]>([
    [
      'organizers read everything',
      'organizer',
      {
        resultsHidden: true,
        hiddenKeys: new Set(['f1']),
        hides: { hideOutput: true, hidePredictionOutput: true, hideScoreOutput: true },
      },
      { scores: 'all', logs: true, output: true, detailed: true },
    ],
    ['an owner of a plain phase', 'owner', {}, { scores: 'all', logs: true, output: true, detailed: true }],
    [
      'hidden results: no score, no output, no logs, no page',
      'owner',
      { resultsHidden: true },
      { scores: 'none', logs: false, output: false, detailed: false },
    ],
    [
      'a hidden column: output filtered, logs withheld',
      'owner',
      { hiddenKeys: new Set(['f1']) },
      { scores: 'some', logs: false, output: true, detailed: true },
    ],
    [
      'a public submission: logs but never files',
      'public',
      {},
      { scores: 'all', logs: true, output: false, detailed: false },
    ],
    [
      'a public submission with a hidden column: no logs',
      'public',
      { hiddenKeys: new Set(['f1']) },
      { scores: 'some', logs: false, output: false, detailed: false },
    ],
    [
      'hide_score_output',
      'owner',
      { hides: { ...NO_HIDES, hideScoreOutput: true } },
      { scores: 'all', logs: false, output: true, detailed: true },
    ],
    [
      'hide_prediction_output',
      'owner',
      { hides: { ...NO_HIDES, hidePredictionOutput: true } },
      { scores: 'all', logs: true, output: false, detailed: false },
    ],
    [
      'detailed results not enabled',
      'owner',
      { detailedResults: false },
      { scores: 'all', logs: true, output: true, detailed: false },
    ],
    [
      'detailed results shown neither in the submission panel nor on the board',
      'owner',
      { detailedResultsToSubmitters: false },
      { scores: 'all', logs: true, output: true, detailed: false },
    ],
    [
      '...which organizers still read',
      'organizer',
      { detailedResultsToSubmitters: false },
      { scores: 'all', logs: true, output: true, detailed: true },
    ],
  ])('%s', (_name, viewer, f, expected) => {
    expect(allowed(viewer, f)).toEqual(expected);
  });

  it('names the reason', () => {
    expect(resultsAccess('owner', facts({ resultsHidden: true })).output).toBe(RESULTS_HIDDEN);
    expect(resultsAccess('owner', facts({ hiddenKeys: new Set(['f1']) })).logs).toMatch(/hidden leaderboard columns/);
    expect(resultsAccess('public', facts()).output).toMatch(/only the submitter and the organizers/);
  });
});
