import { describe, expect, it } from 'vitest';
import { answerRange } from './byte-range';

const ETAG = '"abc"';

describe('answerRange', () => {
  it.each([
    ['no Range: the whole file', undefined, undefined, { status: 200 }],
    ['an open range resumes', 'bytes=100-', undefined, { status: 206, start: 100, end: 999 }],
    ['a closed range', 'bytes=0-9', undefined, { status: 206, start: 0, end: 9 }],
    [
      'an end past the size is cut to the last byte',
      'bytes=990-5000',
      undefined,
      { status: 206, start: 990, end: 999 },
    ],
    ['a suffix range', 'bytes=-10', undefined, { status: 206, start: 990, end: 999 }],
    ['If-Range naming the ETag keeps the range', 'bytes=5-', ETAG, { status: 206, start: 5, end: 999 }],
    ['If-Range naming another version: the whole file', 'bytes=5-', '"old"', { status: 200 }],
    ['If-Range with a weak tag never matches', 'bytes=5-', 'W/"abc"', { status: 200 }],
    [
      'If-Range with a date: the whole file (no Last-Modified is given)',
      'bytes=5-',
      'Wed, 21 Oct 2015 07:28:00 GMT',
      { status: 200 },
    ],
    ['a start past the end: 416', 'bytes=1000-', undefined, { status: 416 }],
    ['malformed: ignored', 'bytes=abc', undefined, { status: 200 }],
    ['another unit: ignored', 'items=0-5', undefined, { status: 200 }],
    ['several ranges: the whole file', 'bytes=0-1,10-20', undefined, { status: 200 }],
    ['overlapping ranges are combined into one', 'bytes=0-10,5-20', undefined, { status: 206, start: 0, end: 20 }],
  ])('%s', (_, range, ifRange, expected) => {
    expect(answerRange(1000, ETAG, range, ifRange)).toEqual(expected);
  });
});
