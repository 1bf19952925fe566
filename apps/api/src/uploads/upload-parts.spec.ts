import { describe, expect, it } from 'vitest';
import { missingParts, partCountOf, partRange, UPLOAD_PART_SIZE } from './upload-parts';

const P = UPLOAD_PART_SIZE;

describe('upload parts', () => {
  it.each([
    [1, 1],
    [P - 1, 1],
    [P, 1],
    [P + 1, 2],
    [3 * P, 3],
  ])('a file of %i bytes has %i parts', (size, count) => {
    expect(partCountOf(size)).toBe(count);
  });

  it('makes every part partSize long except the last', () => {
    expect(partRange(2 * P + 10, 0)).toEqual({ offset: 0, size: P });
    expect(partRange(2 * P + 10, 1)).toEqual({ offset: P, size: P });
    expect(partRange(2 * P + 10, 2)).toEqual({ offset: 2 * P, size: 10 });
    expect(partRange(P, 0)).toEqual({ offset: 0, size: P });
  });

  it('lists the missing indexes in order', () => {
    expect(missingParts(4, [3, 0])).toEqual([1, 2]);
    expect(missingParts(2, [0, 1])).toEqual([]);
  });
});
