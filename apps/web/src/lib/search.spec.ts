import { describe, expect, it } from 'vitest';
import { matchesSearch } from './search';

describe('matchesSearch', () => {
  it.each([
    ['', ['Anything'], true],
    ['iris', ['Iris classification', ''], true],
    ['IRIS flowers', ['Iris', 'three flowers'], true],
    ['café', ['Cafe benchmark'], true],
    ['cafe', ['Café benchmark'], true],
    ['iris tabular', ['Iris', 'images'], false],
  ])('%j in %j: %s', (query, fields, expected) => {
    expect(matchesSearch(query, fields)).toBe(expected);
  });
});
