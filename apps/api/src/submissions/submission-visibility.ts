import type { PhaseModel } from '@arena/bundle';

/** How the caller relates to a submission they may read at all. */
export type Viewer = 'organizer' | 'owner' | 'public';

export type PhaseHides = Pick<PhaseModel, 'hideOutput' | 'hidePredictionOutput' | 'hideScoreOutput'>;

export const NO_HIDES: PhaseHides = { hideOutput: false, hidePredictionOutput: false, hideScoreOutput: false };

/** A phase's `hide_*` settings, read from the competition's stored model (they are not columns). */
export function phaseHides(model: { phases?: PhaseModel[] }, phaseIndex: number): PhaseHides {
  const phase = model.phases?.find((p) => p.index === phaseIndex);
  return phase
    ? {
        hideOutput: !!phase.hideOutput,
        hidePredictionOutput: !!phase.hidePredictionOutput,
        hideScoreOutput: !!phase.hideScoreOutput,
      }
    : NO_HIDES;
}

/**
 * Whether a viewer of a submission learns who made it: on an anonymous competition (anonymousLeaderboard) a public
 * submission's other readers see only pseudonyms, as on its leaderboards; its owner and the organizers see names.
 */
export function seesNames(viewer: Viewer, anonymous: boolean): boolean {
  return viewer !== 'public' || !anonymous;
}

/**
 * What of a submission's results a viewer may fetch, after Codabench's phase settings: `hide_output` hides every
 * output (the output zip and the logs); `hide_score_output` hides the scoring program's logs; `hide_prediction_output`
 * hides the run output zip (where a code submission's predictions end up; Arena keeps no separate prediction logs).
 * Organizers see everything; a public submission's other readers get its logs as the owner would, never its files.
 */
export function allowedOutputs(viewer: Viewer, hides: PhaseHides): { logs: boolean; output: boolean } {
  if (viewer === 'organizer') {
    return { logs: true, output: true };
  }
  const logs = !hides.hideOutput && !hides.hideScoreOutput;
  const output = viewer === 'owner' && !hides.hideOutput && !hides.hidePredictionOutput;
  return { logs, output };
}
