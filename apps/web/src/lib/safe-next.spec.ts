import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it.each([
    [null, '/'],
    ['', '/'],
    ['/competitions/1?tab=2', '/competitions/1?tab=2'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
  ])('%j -> %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
