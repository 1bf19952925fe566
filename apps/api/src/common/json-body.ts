import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { DomainError } from './domain.error';

/** Nesting deeper than any request of the API needs (a worker's extraScores included); deeper is refused. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A client's mistake in the body, answered 400 by the error filter. */
function refused(message: string): DomainError {
  return new DomainError('bad_request', message);
}

/**
 * The parser of JSON bodies (registered with `app.useBodyParser`): Fastify's own (its prototype-poisoning guard), after
 * two checks it does not make: the bytes must be UTF-8 (Node would turn invalid bytes into U+FFFD silently, and store
 * that), and arrays and objects may nest at most MAX_JSON_DEPTH deep (class-transformer recurses into every level:
 * 40,000 nested brackets, 80 KB, overflowed its stack and answered 500).
 */
export function strictJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(refused('the body is not valid UTF-8'), undefined);
      return;
    }
    if (nestingDepth(text) > MAX_JSON_DEPTH) {
      done(refused(`the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    // Fastify's own JSON parser is synchronous and answers through `done`; it returns nothing to wait for.
    void parse(req, text, done);
  };
}

/** How deep arrays and objects nest in JSON text, brackets inside strings not counted; a linear scan. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++;
      } else if (c === 0x22) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      max = Math.max(max, ++depth);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}
