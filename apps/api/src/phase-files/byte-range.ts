import parseRange from 'range-parser';

export type RangeAnswer = { status: 200 } | { status: 206; start: number; end: number } | { status: 416 };

/**
 * How to answer a GET of `size` bytes whose strong ETag is `etag` (RFC 9110 §14): the whole body, one range, or 416.
 * A Range is honoured only while If-Range (when sent) names the current ETag, so a download resumed across a change
 * of the file starts again instead of splicing two versions. A malformed Range, or several ranges, get the whole body
 * (a server may ignore Range); a Range that starts past the end gets 416.
 */
export function answerRange(size: number, etag: string, range?: string, ifRange?: string): RangeAnswer {
  if (!range) {
    return { status: 200 };
  }
  if (ifRange !== undefined && ifRange.trim() !== etag) {
    return { status: 200 };
  }
  const ranges = parseRange(size, range, { combine: true });
  if (ranges === -2 || (ranges !== -1 && ranges.type !== 'bytes')) {
    return { status: 200 };
  }
  if (ranges === -1) {
    return { status: 416 };
  }
  if (ranges.length !== 1) {
    return { status: 200 };
  }
  return { status: 206, start: ranges[0].start, end: ranges[0].end };
}
