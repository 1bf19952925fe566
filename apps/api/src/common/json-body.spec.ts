import { describe, expect, it } from 'vitest';
import { nestingDepth } from './json-body';

describe('nestingDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[["}', 1],
    ['[[[]],[[]]]', 3],
    ['['.repeat(40_000) + ']'.repeat(40_000), 40_000],
  ])('%s nests %i deep', (text, depth) => {
    expect(nestingDepth(text)).toBe(depth);
  });
});
