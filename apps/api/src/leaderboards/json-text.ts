import { createHash } from 'node:crypto';

/**
 * A serialized response with its entity tag, computed once when cached rather than on every send. Kept as bytes:
 * text would be encoded into a new buffer on every send (tens of kilobytes a request for a page of 100 rows, garbage
 * that the collector then pauses every request for).
 */
export interface JsonText {
  body: Buffer;
  etag: string;
}

/** Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 13.1.2), or is `*`. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) {
    return false;
  }
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** A weak tag as the `etag` package makes it: byte length in hex, then 27 base64 chars of the SHA-1. */
export function jsonText(text: string): JsonText {
  return jsonBytes(Buffer.from(text, 'utf8'));
}

export function jsonBytes(body: Buffer): JsonText {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"` };
}
