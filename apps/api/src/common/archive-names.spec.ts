import { describe, expect, it } from 'vitest';
import { archiveSegment } from './archive-names';

describe('archiveSegment', () => {
  it.each([
    ['ada', 'ada'],
    ['..', '_..'],
    ['.', '_.'],
    ['', '_'],
    ['a/../b', 'a_.._b'],
    ['C:\\x', 'C__x'],
    ['tab\there', 'tab_here'],
    ['Ünïcode', '_n_code'],
    ['x'.repeat(150), 'x'.repeat(100)],
  ])('%j -> %j', (input, expected) => {
    expect(archiveSegment(input)).toBe(expected);
  });
});
