import { createHash } from 'node:crypto';

/** A serialized response with its entity tag, computed once when cached rather than by Express on every send. */
export interface JsonText {
  body: string;
  etag: string;
}

/** The weak tag Express would compute (`etag` package: byte length in hex, then 27 base64 chars of the SHA-1). */
export function jsonText(body: string): JsonText {
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').substring(0, 27);
  return { body, etag: `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${hash}"` };
}
