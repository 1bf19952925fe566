import { describe, expect, it } from 'vitest';
import { ColumnDef, LeaderboardError, RankOptions, rankLeaderboard, ScoreEntry } from './index';
import { entry, seededRandom, shuffled } from './testing/entry.fixture';

const columns: ColumnDef[] = [
  { key: 'acc', sorting: 'desc' },
  { key: 'err', sorting: 'asc' },
  { key: 'time', sorting: 'asc', hidden: true },
];

function order(entries: ScoreEntry[], options: RankOptions): Array<[string, number | null]> {
  return rankLeaderboard(columns, entries, options).map((row) => [row.id, row.rank]);
}

describe('rankLeaderboard: order and shared ranks', () => {
  const entries = [
    entry('a', { acc: 0.7, err: 3 }, { minute: 1 }),
    entry('b', { acc: 0.9, err: 1 }, { minute: 2 }),
    entry('c', { acc: 0.7, err: 2 }, { minute: 3 }),
    entry('d', { acc: 0.5, err: 2 }, { minute: 4 }),
  ];

  it.each([
    [
      'desc primary, dense',
      { primaryKey: 'acc' },
      [
        ['b', 1],
        ['a', 2],
        ['c', 2],
        ['d', 3],
      ],
    ],
    [
      'desc primary, standard',
      { primaryKey: 'acc', tiePolicy: 'standard' },
      [
        ['b', 1],
        ['a', 2],
        ['c', 2],
        ['d', 4],
      ],
    ],
    [
      'asc primary, dense',
      { primaryKey: 'err' },
      [
        ['b', 1],
        ['c', 2],
        ['d', 2],
        ['a', 3],
      ],
    ],
    [
      'asc primary, standard',
      { primaryKey: 'err', tiePolicy: 'standard' },
      [
        ['b', 1],
        ['c', 2],
        ['d', 2],
        ['a', 4],
      ],
    ],
    [
      'tie-break column',
      { primaryKey: 'acc', tieBreakKeys: ['err'] },
      [
        ['b', 1],
        ['c', 2],
        ['a', 3],
        ['d', 4],
      ],
    ],
    [
      'tie-break, asc primary',
      { primaryKey: 'err', tieBreakKeys: ['acc'] },
      [
        ['b', 1],
        ['c', 2],
        ['d', 3],
        ['a', 4],
      ],
    ],
  ] as Array<[string, RankOptions, Array<[string, number]>]>)('%s', (_, options, expected) => {
    expect(order(entries, options)).toEqual(expected);
  });

  it('lets the earlier submission win a tie, then the smaller id, without splitting the rank', () => {
    const tied = [
      entry('z', { acc: 0.8 }, { minute: 5 }),
      entry('y', { acc: 0.8 }, { minute: 1 }),
      entry('x', { acc: 0.8 }, { minute: 5 }),
    ];
    expect(order(tied, { primaryKey: 'acc' })).toEqual([
      ['y', 1],
      ['x', 1],
      ['z', 1],
    ]);
  });

  it('uses the tie-break columns in order', () => {
    const tied = [
      entry('p', { acc: 0.8, err: 1, time: 9 }),
      entry('q', { acc: 0.8, err: 1, time: 3 }),
      entry('r', { acc: 0.8, err: 0, time: 5 }),
    ];
    expect(order(tied, { primaryKey: 'acc', tieBreakKeys: ['err', 'time'] })).toEqual([
      ['r', 1],
      ['q', 2],
      ['p', 3],
    ]);
    expect(order(tied, { primaryKey: 'acc', tieBreakKeys: ['time', 'err'] })).toEqual([
      ['q', 1],
      ['r', 2],
      ['p', 3],
    ]);
  });

  it('ties primary values within epsilon', () => {
    const close = [entry('a', { acc: 0.1 + 0.2 }, { minute: 2 }), entry('b', { acc: 0.3 }, { minute: 1 })];
    expect(order(close, { primaryKey: 'acc' })).toEqual([
      ['b', 1],
      ['a', 1],
    ]);
    expect(order(close, { primaryKey: 'acc', epsilon: 0 })).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});

describe('rankLeaderboard: missing and failed scores', () => {
  it.each(['acc', 'err'])('puts missing, NaN, infinite and failed primaries last with rank null (%s)', (key) => {
    const entries = [
      entry('nan', { [key]: Number.NaN }, { minute: 1 }),
      entry('missing', {}, { minute: 2 }),
      entry('good', { [key]: 0.5 }, { minute: 3 }),
      entry('inf', { [key]: key === 'acc' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY }, { minute: 4 }),
      entry('failed', { [key]: key === 'acc' ? 1 : 0 }, { minute: 5, failed: true }),
      entry('null', { [key]: null }, { minute: 6 }),
    ];
    expect(order(entries, { primaryKey: key })).toEqual([
      ['good', 1],
      ['nan', null],
      ['missing', null],
      ['inf', null],
      ['failed', null],
      ['null', null],
    ]);
  });

  it('orders unranked rows by their tie-break columns', () => {
    const entries = [entry('a', { err: 2 }), entry('b', { err: 1 }), entry('c', { acc: 0.1 })];
    expect(order(entries, { primaryKey: 'acc', tieBreakKeys: ['err'] })).toEqual([
      ['c', 1],
      ['b', null],
      ['a', null],
    ]);
  });

  it('puts a missing tie-break value after the present ones', () => {
    const entries = [entry('a', { acc: 1 }), entry('b', { acc: 1, err: 5 }), entry('c', { acc: 1 }, { minute: -1 })];
    expect(order(entries, { primaryKey: 'acc', tieBreakKeys: ['err'] })).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 2],
    ]);
  });
});

describe('rankLeaderboard: rows', () => {
  it('returns scores, column ranks and an ISO submission time', () => {
    const [row] = rankLeaderboard(
      columns,
      [{ id: 's', participantId: 'team-1', submittedAt: new Date('2024-05-01T12:00:00+02:00'), scores: { acc: 0.5 } }],
      { primaryKey: 'acc' },
    );
    expect(row).toEqual({
      rank: 1,
      id: 's',
      participantId: 'team-1',
      submittedAt: '2024-05-01T10:00:00.000Z',
      scores: { acc: 0.5, err: null, time: null },
      columnRanks: { acc: 1, err: null, time: null },
    });
  });

  it('gives the same rows whatever the input order', () => {
    const random = seededRandom(7);
    const entries = Array.from({ length: 60 }, (_, i) =>
      entry(
        `e${i}`,
        { acc: Math.floor(random() * 5) / 4, err: random() < 0.2 ? null : Math.floor(random() * 3) },
        {
          participantId: `p${i % 7}`,
          minute: Math.floor(random() * 4),
          failed: random() < 0.05,
        },
      ),
    );
    const options: RankOptions = { primaryKey: 'acc', tieBreakKeys: ['err'], tiePolicy: 'standard' };
    const expected = rankLeaderboard(columns, entries, options);
    for (let i = 0; i < 10; i++) {
      expect(rankLeaderboard(columns, shuffled(entries, random), options)).toEqual(expected);
    }
  });

  it('ranks an empty board', () => {
    expect(rankLeaderboard(columns, [], { primaryKey: 'acc' })).toEqual([]);
  });
});

describe('rankLeaderboard: refusals', () => {
  it.each([
    ['unknown primary', { primaryKey: 'nope' }, /unknown column\(s\) "nope"/],
    ['unknown tie-break', { primaryKey: 'acc', tieBreakKeys: ['x'] }, /unknown column\(s\) "x"/],
    ['repeated key', { primaryKey: 'acc', tieBreakKeys: ['acc'] }, /more than once/],
    ['negative epsilon', { primaryKey: 'acc', epsilon: -1 }, /epsilon/],
  ] as Array<[string, RankOptions, RegExp]>)('%s', (_, options, message) => {
    expect(() => rankLeaderboard(columns, [], options)).toThrow(message);
  });

  it('refuses duplicate ids and unreadable dates, listing them all', () => {
    const entries = [
      entry('a', {}),
      entry('a', {}),
      { id: 'b', participantId: 'b', submittedAt: 'yesterday', scores: {} },
    ];
    expect(() => rankLeaderboard(columns, entries, { primaryKey: 'acc' })).toThrow(
      new LeaderboardError('INVALID_ENTRIES', [
        'entry "a" appears more than once',
        'entry "b": submittedAt is not a valid date',
      ]),
    );
  });
});
