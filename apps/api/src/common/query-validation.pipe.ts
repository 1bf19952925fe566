import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { assertCleanText } from './text-rules';

/** Distinct query strings remembered per query class: the few that polling clients repeat. */
const QUERIES_PER_CLASS = 256;

/**
 * The global ValidationPipe. Every typed value (body, query, path parameter) is first checked for control and invisible
 * characters (text-rules.ts), whatever its DTO says. It also remembers the outcome for query strings it has already validated. Validating a
 * query is a pure function of its text, and a board is polled with the same few (`?neighbours=5`, `?limit=100`):
 * class-transformer and class-validator were an eighth of the CPU time of a cached leaderboard read (bench/, issue
 * 7). Each request gets its own copy of the remembered instance, so a handler may change its query object freely.
 * Refused queries are not remembered: each one is validated again and gets its 400.
 */
export class QueryValidationPipe extends ValidationPipe {
  private readonly validated = new WeakMap<object, LRUCache<string, object>>();

  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { type, metatype } = metadata;
    // Typed input only: an untyped body (`@Body() body: unknown`, the worker protocol) is checked by its own schema.
    if (type !== 'custom' && metatype !== Object) {
      assertCleanText(
        value,
        type === 'param' ? `path parameter ${metadata.data ?? ''}`.trim() : type,
        type === 'param',
      );
    }
    if (type !== 'query' || !metatype || typeof value !== 'object' || value === null || !this.toValidate(metadata)) {
      return super.transform(value, metadata);
    }
    let known = this.validated.get(metatype);
    if (!known) {
      this.validated.set(metatype, (known = new LRUCache<string, object>({ max: QUERIES_PER_CLASS })));
    }
    const text = JSON.stringify(value);
    const remembered = known.get(text);
    if (remembered) {
      return copy(remembered);
    }
    const instance = (await super.transform(value, metadata)) as object;
    known.set(text, copy(instance));
    return instance;
  }
}

/** A copy of a query instance: same class, its own fields (a query's values are strings, numbers and arrays). */
function copy(instance: object): object {
  const fields = Object.entries(instance).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]);
  return Object.assign(Object.create(Object.getPrototypeOf(instance) as object) as object, Object.fromEntries(fields));
}
