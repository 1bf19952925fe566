import { describe, expect, it } from 'vitest';
import { currentPhase, formatMegabytes, phaseColorClass, phaseFacts, sizeRefusal, type PhaseLike } from './phase-facts';

const base: PhaseLike = {
  startAt: '2026-01-01T00:00:00Z',
  endAt: null,
  state: 'open',
  color: null,
  maxSubmissionSizeMb: 300,
  scoringOnly: false,
  autoMigrateToThisPhase: false,
  hideOutput: false,
  hidePredictionOutput: false,
  hideScoreOutput: false,
  requiresGpu: false,
};
const terms = (p: Partial<PhaseLike>) => phaseFacts({ ...base, ...p }).map((f) => `${f.term}: ${f.detail}`);

describe('phaseFacts', () => {
  it('always gives the size cap', () => {
    expect(terms({})).toEqual(['Largest submission: 300 MB']);
    expect(terms({ maxSubmissionSizeMb: 2500 })).toEqual(['Largest submission: 2.5 GB']);
  });

  it('says a results-only phase runs no code', () => {
    expect(terms({ scoringOnly: true })[1]).toMatch(/^Results only: .*no code runs/);
  });

  it.each([
    [{ hideOutput: true, hidePredictionOutput: true }, 'neither the output nor the logs'],
    [{ hidePredictionOutput: true, hideScoreOutput: true }, 'prediction or the scoring step'],
    [{ hidePredictionOutput: true }, 'no output of the prediction step'],
    [{ hideScoreOutput: true }, 'no output of the scoring step'],
  ])('names what output is withheld (%o)', (flags, text) => {
    const output = terms(flags).filter((t) => t.startsWith('Output: '));
    expect(output).toHaveLength(1);
    expect(output[0]).toContain(text);
  });

  it('tells of migrated submissions and GPU runs', () => {
    expect(terms({ autoMigrateToThisPhase: true, requiresGpu: true })).toEqual([
      'Largest submission: 300 MB',
      'At its start: your last submission of the phase before is run here',
      'Runs on: GPU workers',
    ]);
  });
});

describe('formatMegabytes', () => {
  it.each([
    [0.5, '0.5 MB'],
    [50, '50 MB'],
    [999, '999 MB'],
    [1000, '1 GB'],
    [1234, '1.2 GB'],
  ])('%s MB -> %s', (mb, text) => expect(formatMegabytes(mb)).toBe(text));
});

describe('phaseColorClass', () => {
  it('knows CodaLab tab colours only', () => {
    expect(phaseColorClass('green')).toBe('phase-color phase-color-green');
    expect(phaseColorClass(null)).toBeUndefined();
    expect(phaseColorClass('red; background: url(x)')).toBeUndefined();
  });
});

describe('currentPhase', () => {
  const p = (name: string, startAt: string, state: PhaseLike['state']) => ({ name, startAt, state });
  it('prefers the open phase, the latest started when several are open', () => {
    expect(
      currentPhase([p('a', '2026-01-01', 'ended'), p('b', '2026-02-01', 'open'), p('c', '2026-03-01', 'upcoming')])
        ?.name,
    ).toBe('b');
    expect(currentPhase([p('b', '2026-02-01', 'open'), p('a', '2026-01-01', 'open')])?.name).toBe('b');
  });

  it('else the latest ended, else the first upcoming', () => {
    expect(
      currentPhase([p('a', '2026-01-01', 'ended'), p('b', '2026-02-01', 'ended'), p('c', '2026-05-01', 'upcoming')])
        ?.name,
    ).toBe('b');
    expect(currentPhase([p('c', '2026-05-01', 'upcoming'), p('d', '2026-04-01', 'upcoming')])?.name).toBe('d');
    expect(currentPhase([])).toBeUndefined();
  });
});

describe('sizeRefusal', () => {
  it('accepts up to the cap in MB of 1024 x 1024 bytes, as the API counts', () => {
    expect(sizeRefusal(2 * 1024 * 1024, 2)).toBeUndefined();
    expect(sizeRefusal(2 * 1024 * 1024 + 1, 2)).toBe('This file is 2.00 MB; this phase accepts at most 2 MB.');
  });
});
