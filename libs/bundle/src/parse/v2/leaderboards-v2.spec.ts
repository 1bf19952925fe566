import { describe, expect, it } from 'vitest';
import { fileIndex } from '../../testing/bundle-fixture';
import { FULL_V2_YAML, fullV2Files } from '../../testing/v2-bundle.fixture';
import { parseCompetitionYaml } from '../parse-competition-yaml';

const AVG_RANK =
  '{title: Avg rank, key: avg_rank, index: 0, sorting: asc, computation: avg_rank, computation_indexes: [1, 2]}';
const parseWith = (column: string) =>
  parseCompetitionYaml(FULL_V2_YAML.replace(AVG_RANK, column), fileIndex(fullV2Files()));

describe('v2 leaderboards: Arena column keys for CodaLab rank aggregates and groups', () => {
  it.each([
    [
      'computation: weighted_rank, computation_indexes: [1, 2], computation_weights: [0.25, 0.75]',
      { method: 'weightedRank', indexes: [1, 2], weights: [0.25, 0.75] },
    ],
    ['computation: mrr, computation_indexes: [1, 2]', { method: 'mrr', indexes: [1, 2] }],
    ['computation: avg_rank, computation_indexes: [1, 2]', { method: 'avgRank', indexes: [1, 2] }],
  ])('%s', (keys, rankAggregate) => {
    const r = parseWith(`{title: R, key: r, index: 0, sorting: asc, group: Ranks, ${keys}}`);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.model!.leaderboards[1].columns[0]).toMatchObject({ group: 'Ranks', rankAggregate });
  });

  it.each([
    [
      'computation: weighted_rank, computation_indexes: [1, 2]',
      'computation_weights',
      'computation_weights is required with weighted_rank',
    ],
    [
      'computation: weighted_rank, computation_indexes: [1, 2], computation_weights: [1]',
      'computation_weights',
      'has 1 weights for 2 computation indexes',
    ],
    [
      'computation: weighted_rank, computation_indexes: [1, 2], computation_weights: [1, x]',
      'computation_weights[1]',
      'must be a number, not "x"',
    ],
  ])('refuses %s', (keys, at, message) => {
    const r = parseWith(`{title: R, key: r, index: 0, sorting: asc, ${keys}}`);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', path: `leaderboards[1].columns[0].${at}`, message }),
    );
  });

  it('warns that weights are ignored without weighted_rank', () => {
    const r = parseWith(
      '{title: R, key: r, index: 0, sorting: asc, computation: mrr, computation_indexes: [1, 2], computation_weights: [1, 2]}',
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', path: 'leaderboards[1].columns[0].computation_weights' }),
    );
    expect(r.model!.leaderboards[1].columns[0].rankAggregate).toEqual({ method: 'mrr', indexes: [1, 2] });
  });
});
