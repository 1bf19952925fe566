import { describe, expect, it } from 'vitest';
import { ColumnDef, computeColumns, LeaderboardError, ScoreComputation } from './index';
import { entry } from './testing/entry.fixture';

const inputs: ColumnDef[] = [
  { key: 'a', sorting: 'desc' },
  { key: 'b', sorting: 'desc' },
  { key: 'c', sorting: 'asc' },
];

function computed(computation: ScoreComputation, scores: Record<string, number | null>, weights?: number[]) {
  const columns: ColumnDef[] = [
    ...inputs,
    { key: 'out', sorting: 'desc', computation, computationKeys: ['a', 'b', 'c'], weights },
  ];
  return computeColumns(columns, [entry('e', scores)])[0].scores.out;
}

describe('computeColumns: score computations', () => {
  const full = { a: 0.5, b: 0.25, c: 2 };
  it.each([
    ['avg', undefined, 2.75 / 3],
    ['sum', undefined, 2.75],
    ['min', undefined, 0.25],
    ['max', undefined, 2],
    ['weighted', [2, 4, 0.5], 3],
  ] as const)('%s', (computation, weights, expected) => {
    expect(computed(computation, full, weights ? [...weights] : undefined)).toBeCloseTo(expected, 12);
  });

  it.each(['avg', 'sum', 'min', 'max'] as const)('%s is null when one input is missing', (computation) => {
    expect(computed(computation, { a: 0.5, b: null, c: 2 })).toBeNull();
    expect(computed(computation, { a: 0.5, b: Number.NaN, c: 2 })).toBeNull();
    expect(computed(computation, { a: 0.5, c: 2 })).toBeNull();
  });

  it('is null when a finite sum overflows', () => {
    expect(computed('sum', { a: Number.MAX_VALUE, b: Number.MAX_VALUE, c: 0 })).toBeNull();
  });

  it('keeps declared columns only, as numbers or null, and does not mutate its input', () => {
    const source = entry('e', { a: 1, b: Number.POSITIVE_INFINITY, extra: 5 });
    const snapshot = structuredClone(source);
    const [result] = computeColumns(inputs, [source]);
    expect(result.scores).toEqual({ a: 1, b: null, c: null });
    expect(result.id).toBe('e');
    expect(source).toEqual(snapshot);
  });

  it('gives a failed entry nulls everywhere, computed columns included', () => {
    const columns: ColumnDef[] = [
      ...inputs,
      { key: 's', sorting: 'desc', computation: 'sum', computationKeys: ['a'] },
      { key: 'r', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['a'] },
    ];
    const [result] = computeColumns(columns, [entry('e', { a: 1, b: 2, c: 3 }, { failed: true })]);
    expect(result.scores).toEqual({ a: null, b: null, c: null, s: null, r: null });
  });

  it('keeps the extra fields of richer entry types', () => {
    const [result] = computeColumns(inputs, [{ ...entry('e', { a: 1 }), finished: true }]);
    expect(result.finished).toBe(true);
  });
});

describe('computeColumns: rank aggregates', () => {
  const columns: ColumnDef[] = [
    ...inputs,
    { key: 'avgRank', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['a', 'c'] },
    { key: 'wRank', sorting: 'asc', rankAggregate: 'weightedRank', computationKeys: ['a', 'c'], weights: [3, 1] },
    { key: 'mrr', sorting: 'desc', rankAggregate: 'mrr', computationKeys: ['a', 'c'] },
  ];
  // a (desc): x=1, y=2, z missing -> last (3).  c (asc): x=2, y=1, z=3.
  const entries = [entry('x', { a: 0.9, c: 5 }), entry('y', { a: 0.1, c: 1 }), entry('z', { c: 9 })];

  it.each([
    ['avgRank', [1.5, 1.5, 3]],
    ['wRank', [(3 * 1 + 2) / 4, (3 * 2 + 1) / 4, 3]],
    ['mrr', [(1 + 1 / 2) / 2, (1 / 2 + 1) / 2, (1 / 3 + 1 / 3) / 2]],
  ])('%s', (key, expected) => {
    expect(computeColumns(columns, entries).map((e) => e.scores[key])).toEqual(expected);
  });

  it('charges a missing source value the last rank under the tie policy', () => {
    const tied = [entry('x', { a: 1, c: 1 }), entry('y', { a: 1, c: 1 }), entry('z', { a: 0, c: 1 }), entry('m', {})];
    // a: x=y=1, z=2 dense (3 standard); m missing -> dense 3, standard 4.  c: x=y=z=1; m -> dense 2, standard 4.
    expect(computeColumns(columns, tied).map((e) => e.scores.avgRank)).toEqual([1, 1, 1.5, 2.5]);
    expect(computeColumns(columns, tied, { tiePolicy: 'standard' }).map((e) => e.scores.avgRank)).toEqual([1, 1, 2, 4]);
  });

  it('does not let a failed entry take a rank from the others', () => {
    const withFailed = [entry('x', { a: 0.5, c: 1 }), entry('f', { a: 0.9, c: 0 }, { failed: true })];
    expect(computeColumns(columns, withFailed).map((e) => e.scores.avgRank)).toEqual([1, null]);
  });
});

describe('column validation', () => {
  it.each([
    [
      'computed depends on computed',
      [
        { key: 'a', sorting: 'desc' },
        { key: 'avg', sorting: 'desc', computation: 'avg', computationKeys: ['a'] },
        { key: 'rank', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['a', 'avg'] },
      ],
      /column "rank": depends on computed column\(s\) "avg"/,
    ],
    ['self reference', [{ key: 's', sorting: 'desc', computation: 'sum', computationKeys: ['s'] }], /itself/],
    [
      'unknown source',
      [{ key: 's', sorting: 'desc', computation: 'sum', computationKeys: ['x'] }],
      /unknown column\(s\) "x"/,
    ],
    ['no sources', [{ key: 's', sorting: 'desc', computation: 'sum' }], /at least one key/],
    [
      'duplicate keys',
      [
        { key: 'a', sorting: 'desc' },
        { key: 'a', sorting: 'asc' },
      ],
      /declared twice/,
    ],
    ['bad sorting', [{ key: 'a', sorting: 'up' }], /sorting must be asc or desc/],
    [
      'both kinds',
      [
        { key: 'a', sorting: 'desc' },
        { key: 's', sorting: 'desc', computation: 'sum', rankAggregate: 'mrr', computationKeys: ['a'] },
      ],
      /not both/,
    ],
    [
      'weights missing',
      [
        { key: 'a', sorting: 'desc' },
        { key: 'w', sorting: 'desc', computation: 'weighted', computationKeys: ['a'] },
      ],
      /weights are required/,
    ],
    [
      'weights misaligned',
      [
        { key: 'a', sorting: 'desc' },
        { key: 'w', sorting: 'asc', rankAggregate: 'weightedRank', computationKeys: ['a'], weights: [1, 2] },
      ],
      /2 weight\(s\) for 1 key/,
    ],
    [
      'weights on avg',
      [
        { key: 'a', sorting: 'desc' },
        { key: 'w', sorting: 'desc', computation: 'avg', computationKeys: ['a'], weights: [1] },
      ],
      /only used by weighted/,
    ],
    [
      'zero weights',
      [
        { key: 'a', sorting: 'desc' },
        { key: 'w', sorting: 'desc', computation: 'weighted', computationKeys: ['a'], weights: [0] },
      ],
      /not all be zero/,
    ],
    ['keys on an input column', [{ key: 'a', sorting: 'desc', computationKeys: ['a'] }], /need a computation/],
    ['bad precision', [{ key: 'a', sorting: 'desc', precision: -1 }], /precision/],
  ])('refuses %s', (_, columns, message) => {
    expect(() => computeColumns(columns as ColumnDef[], [])).toThrow(message);
  });

  it('lists every problem at once, with a code', () => {
    const columns = [
      { key: 'a', sorting: 'desc' },
      { key: 'b', sorting: 'desc', computation: 'avg', computationKeys: ['a'] },
      { key: 'c', sorting: 'desc', computation: 'max', computationKeys: ['b'] },
      { key: 'd', sorting: 'asc', rankAggregate: 'mrr', computationKeys: ['c', 'zz'] },
    ] as ColumnDef[];
    const error = (() => {
      try {
        computeColumns(columns, []);
      } catch (e) {
        return e as LeaderboardError;
      }
      throw new Error('expected a LeaderboardError');
    })();
    expect(error.code).toBe('INVALID_COLUMNS');
    expect(error.problems).toEqual([
      'column "c": depends on computed column(s) "b"; a computed column reads input columns only',
      'column "d": computationKeys reference unknown column(s) "zz"',
      'column "d": depends on computed column(s) "c"; a computed column reads input columns only',
    ]);
  });

  it('refuses duplicate entry ids', () => {
    expect(() => computeColumns(inputs, [entry('x', {}), entry('x', {})])).toThrow(/"x" appears more than once/);
  });
});
