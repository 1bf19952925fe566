import { allowedOutputs, type PhaseHides, type Viewer } from '@api/submissions/submission-visibility';

/** What a phase's state says about its results: read once per request, decided by `resultsAccess`. */
export interface PhaseResultsFacts {
  /** The organizers keep the phase's results hidden until they reveal them. */
  resultsHidden: boolean;
  /** Score keys of hidden columns and hidden boards (`hiddenScoreKeys`). */
  hiddenKeys: ReadonlySet<string>;
  /** The phase's `hide_*` settings. */
  hides: PhaseHides;
  /** The competition's `enable_detailed_results`. */
  detailedResults: boolean;
  /**
   * Submitters see their detailed results (Codabench `show_detailed_results_in_submission_panel`, or on the board with
   * `show_detailed_results_in_leaderboard`); absent: true.
   */
  detailedResultsToSubmitters?: boolean;
}

/** How scores appear in what a caller reads: all of them, none (results hidden), or all but `hiddenKeys`. */
export type ScoresView = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; hiddenKeys: ReadonlySet<string> };

/**
 * What of a submission's results a caller may read. Each refusal is the reason given to the caller (403), null where
 * the caller may read it. Every route that serves a submission's results reads this one decision.
 */
export interface ResultsAccess {
  scores: ScoresView;
  /** The run's logs, stored (`logs/stdout`, `logs/stderr`) or followed live (`logs/live`). */
  logs: string | null;
  /** The output zip; served with `scores.hiddenKeys` removed from its score files. */
  output: string | null;
  /** The scoring program's detailed results page. */
  detailedResults: string | null;
}

export const RESULTS_HIDDEN = 'the results of this phase are hidden until the organizers reveal them';
const LOGS_HIDDEN_BY_PHASE = "this phase's settings hide the scoring logs from participants";
const OUTPUT_HIDDEN_BY_PHASE = "this phase's settings hide the output from participants";
const OUTPUT_OWNER_ONLY = "only the submitter and the organizers may download a submission's output";
// Arena keeps one log per run for both steps, and scoring programs print their scores there: with a hidden column,
// the logs are the organizers' alone (the scores they may show are in the submission itself).
const LOGS_HIDDEN_COLUMNS =
  'this phase has hidden leaderboard columns, which scoring logs may print: its logs are for the organizers only';
const NO_DETAILED_RESULTS = 'this competition does not show detailed results';
const NO_DETAILED_RESULTS_TO_SUBMITTERS = 'this competition shows detailed results to its organizers only';

/** Scores alone: what the submission detail and lists may carry. */
export function scoresView(
  organizer: boolean,
  facts: Pick<PhaseResultsFacts, 'resultsHidden' | 'hiddenKeys'>,
): ScoresView {
  if (organizer) {
    return { kind: 'all' };
  }
  if (facts.resultsHidden) {
    return { kind: 'none' };
  }
  return facts.hiddenKeys.size ? { kind: 'some', hiddenKeys: facts.hiddenKeys } : { kind: 'all' };
}

/**
 * Organizers read everything. Others: while results are hidden, no score and none of the files or logs that carry
 * them; hidden columns removed wherever a score appears, and the logs withheld since they cannot be filtered;
 * the phase's `hide_*` settings on top (`allowedOutputs`).
 */
export function resultsAccess(viewer: Viewer, facts: PhaseResultsFacts): ResultsAccess {
  const scores = scoresView(viewer === 'organizer', facts);
  if (viewer === 'organizer') {
    return { scores, logs: null, output: null, detailedResults: null };
  }
  const allowed = allowedOutputs(viewer, facts.hides);
  const outputBySettings = allowed.output ? null : viewer === 'public' ? OUTPUT_OWNER_ONLY : OUTPUT_HIDDEN_BY_PHASE;
  const logs = !allowed.logs
    ? LOGS_HIDDEN_BY_PHASE
    : facts.resultsHidden
      ? RESULTS_HIDDEN
      : facts.hiddenKeys.size
        ? LOGS_HIDDEN_COLUMNS
        : null;
  const output = outputBySettings ?? (facts.resultsHidden ? RESULTS_HIDDEN : null);
  const detailedResults = !facts.detailedResults
    ? NO_DETAILED_RESULTS
    : facts.detailedResultsToSubmitters === false
      ? NO_DETAILED_RESULTS_TO_SUBMITTERS
      : output;
  return { scores, logs, output, detailedResults };
}
