import { describe, expect, it } from 'vitest';
import { formatScore } from './index';

describe('formatScore', () => {
  it.each([
    [0.123456, 4, '0.1235'],
    [0.125, undefined, '0.13'],
    [2, 0, '2'],
    [1 / 3, 25, '0.3333333333'],
    [1.5, -3, '2'],
    [-0.001, 2, '0.00'],
    [-0.5, 2, '-0.50'],
    [null, 2, '-'],
    [undefined, 2, '-'],
    [Number.NaN, 2, '-'],
    [Number.POSITIVE_INFINITY, 2, '-'],
  ])('%s with precision %s -> %s', (value, precision, expected) => {
    expect(formatScore(value, precision)).toBe(expected);
  });

  it('takes the text for a missing value', () => {
    expect(formatScore(null, 2, 'n/a')).toBe('n/a');
  });
});
