import { FileTable, parseCompetitionYaml } from '@arena/bundle';
import { describe, expect, it } from 'vitest';
import { audienceOf, resultsHiddenAtImport, withoutKeys, withoutScores } from './results-visibility';

const V1 = `title: Hidden v1
html:
  overview: overview.html
phases:
  0:
    phasenumber: 1
    label: Development
    start_date: 2026-01-01
    scoring_program: scoring_program.zip
    reference_data: reference_data.zip
  1:
    phasenumber: 2
    label: Final
    start_date: 2026-02-01
    scoring_program: scoring_program.zip
    reference_data: reference_data.zip
    leaderboard_management_mode: hide_results
leaderboard:
  leaderboards:
    Results: &R {label: Results, rank: 1}
  columns:
    score: {leaderboard: *R, label: Score}
`;

function parse(yaml: string) {
  const files = new FileTable();
  for (const name of ['competition.yaml', 'overview.html', 'scoring_program.zip', 'reference_data.zip']) {
    files.add(name, 10);
  }
  const result = parseCompetitionYaml(yaml, files);
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return result.model!;
}

describe('resultsHiddenAtImport', () => {
  it('maps v1 leaderboard_management_mode: hide_results onto the phase that sets it', () => {
    const model = parse(V1);
    expect(model.phases.map((p) => resultsHiddenAtImport(model, p.index))).toEqual([false, true]);
  });

  it('is false for a v1 bundle without it, and for v2 bundles', () => {
    const model = parse(V1.replace('    leaderboard_management_mode: hide_results\n', ''));
    expect(resultsHiddenAtImport(model, 1)).toBe(false);
    expect(
      resultsHiddenAtImport(
        { format: 'v2', extra: { codalab: { phases: [{ leaderboard_management_mode: 'hide_results' }] } } },
        0,
      ),
    ).toBe(false);
    expect(resultsHiddenAtImport({ format: 'v1', extra: {} }, 0)).toBe(false);
  });
});

describe('audienceOf', () => {
  it.each([
    [true, true, 'organizer'],
    [true, false, 'organizer'],
    [false, true, 'hidden'],
    [false, false, 'public'],
  ] as const)('organizer %s, results hidden %s: %s', (organizer, hidden, audience) => {
    expect(audienceOf(organizer, hidden)).toBe(audience);
  });
});

describe('withoutScores', () => {
  it('clears the submission scores and any run scores, keeping everything else', () => {
    const dto = {
      phaseId: 'p',
      status: 'finished',
      scores: { a: 1 },
      runs: [{ id: 'r', scores: { a: 1 } }, { id: 's' }],
    };
    expect(withoutScores(dto)).toEqual({
      phaseId: 'p',
      status: 'finished',
      scores: null,
      runs: [{ id: 'r', scores: null }, { id: 's' }],
    });
    expect(dto.scores).toEqual({ a: 1 });
  });
});

describe('extra output (what a scorer wrote beside its columns)', () => {
  const dto = { phaseId: 'p', scores: { a: 1, b: 2 }, runs: [{ id: 'r', extraScores: { details: { b: 2 } } }] };

  it('goes with the scores while the results are hidden', () => {
    expect(withoutScores(dto).runs).toEqual([{ id: 'r', extraScores: null }]);
  });

  it('is withheld where a column is hidden, since it may repeat the column under any name', () => {
    expect(withoutKeys(dto, new Set(['b']))).toEqual({
      phaseId: 'p',
      scores: { a: 1 },
      runs: [{ id: 'r', extraScores: null }],
    });
  });
});
