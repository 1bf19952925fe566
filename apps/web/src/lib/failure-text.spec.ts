import { describe, expect, it } from 'vitest';
import { splitFailure } from './failure-text';

describe('splitFailure', () => {
  it('splits the cause from the quoted log, keeping its lines', () => {
    const msg =
      'the scoring program (scoring step) exited with code 1; last lines of its stderr:\nTraceback (most recent call last):\n  File "score.py", line 3\nKeyError: x\n';
    expect(splitFailure(msg)).toEqual({
      cause: 'the scoring program (scoring step) exited with code 1',
      log: 'Traceback (most recent call last):\n  File "score.py", line 3\nKeyError: x',
    });
  });

  it('keeps a one-line message whole, and splits a long one after its first line', () => {
    expect(splitFailure('timed out after 120 s')).toEqual({ cause: 'timed out after 120 s' });
    expect(splitFailure('failed\na\nb')).toEqual({ cause: 'failed', log: 'a\nb' });
  });
});
