import { describe, expect, it } from 'vitest';
import { allowedOutputs, NO_HIDES, type PhaseHides, type Viewer } from './submission-visibility';

const hides = (h: Partial<PhaseHides>): PhaseHides => ({ ...NO_HIDES, ...h });

describe('allowedOutputs', () => {
  it.each<[Viewer, Partial<PhaseHides>, { logs: boolean; output: boolean }]>([
    [
      'organizer',
      { hideOutput: true, hideScoreOutput: true, hidePredictionOutput: true },
      { logs: true, output: true },
    ],
    ['owner', {}, { logs: true, output: true }],
    ['owner', { hideOutput: true }, { logs: false, output: false }],
    ['owner', { hideScoreOutput: true }, { logs: false, output: true }],
    ['owner', { hidePredictionOutput: true }, { logs: true, output: false }],
    ['public', {}, { logs: true, output: false }],
    ['public', { hideScoreOutput: true }, { logs: false, output: false }],
    ['public', { hideOutput: true }, { logs: false, output: false }],
  ])('%s with %j', (viewer, h, expected) => {
    expect(allowedOutputs(viewer, hides(h))).toEqual(expected);
  });
});
