import { describe, expect, it } from 'vitest';
import { backoffMs, missingParts, partRange, receivedBytes, resumeKey } from './upload-plan';

describe('upload plan', () => {
  it('keys a file by purpose, name, size and modification time', () => {
    expect(resumeKey({ name: 'a.zip', size: 10, lastModified: 5 }, 'submission')).toBe(
      'arena.upload:submission:a.zip:10:5',
    );
    expect(resumeKey({ name: 'a.zip', size: 10, lastModified: 5 }, 'bundle')).not.toBe(
      resumeKey({ name: 'a.zip', size: 10, lastModified: 5 }, 'submission'),
    );
  });

  it.each([
    [3, [], [0, 1, 2]],
    [3, [1], [0, 2]],
    [3, [0, 1, 2], []],
    [0, [], []],
  ])('parts missing of %i with %j received: %j', (count, received, missing) => {
    expect(missingParts(count, received)).toEqual(missing);
  });

  it('cuts the last part short', () => {
    expect(partRange(0, 4, 10)).toEqual({ start: 0, end: 4 });
    expect(partRange(2, 4, 10)).toEqual({ start: 8, end: 10 });
    expect(receivedBytes([0, 2], 4, 10)).toBe(6);
  });

  it('backs off exponentially up to a cap', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(a))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20)).toBe(30_000);
  });
});
