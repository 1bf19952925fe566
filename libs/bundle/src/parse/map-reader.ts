import type { YamlPath } from '../problems/yaml-path';
import { readDate } from '../yaml/date-value';
import type { ParseContext } from './parse-context';
import {
  boolValue,
  describe,
  isAbsent,
  readBool,
  readInt,
  readList,
  readMap,
  readString,
  isPlainMap,
} from './value-readers';

/**
 * Reads the keys of one YAML map with their defaults, reporting each bad value at its own path. The map's known
 * keys are declared up front, so that `warnUnknown` can flag the rest (typos silently lost a setting on Codabench).
 */
export class MapReader {
  constructor(
    readonly ctx: ParseContext,
    readonly obj: Record<string, unknown>,
    readonly path: YamlPath,
    private readonly known: readonly string[],
  ) {}

  /** A reader for `value`, or undefined (with an error) when it is not a map. */
  static of(ctx: ParseContext, value: unknown, path: YamlPath, known: readonly string[]): MapReader | undefined {
    if (!isPlainMap(value)) {
      ctx.error(path, `must be a map of keys and values, not ${describe(value)}`);
      return undefined;
    }
    return new MapReader(ctx, value, path, known);
  }

  at(key: string | number, ...rest: (string | number)[]): YamlPath {
    return [...this.path, key, ...rest];
  }

  has(key: string): boolean {
    return !isAbsent(this.obj[key]);
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  required(key: string, what = key): boolean {
    if (this.has(key)) {
      return true;
    }
    this.ctx.error(this.at(key), `${what} is required`);
    return false;
  }

  string(key: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    if (!this.has(key)) {
      if (options.required) {
        this.ctx.error(this.at(key), `${key} is required`);
      }
      return undefined;
    }
    const s = readString(this.ctx, this.obj[key], this.at(key), options.max);
    if (options.required && s !== undefined && s.trim() === '') {
      this.ctx.error(this.at(key), `${key} must not be empty`);
    }
    return s;
  }

  text(key: string, fallback: string, max?: number): string {
    return (this.has(key) ? readString(this.ctx, this.obj[key], this.at(key), max) : undefined) ?? fallback;
  }

  /** Whether the YAML sets `key` to `value` in so many words; reports nothing (bool() reports a bad value). */
  says(key: string, value: boolean): boolean {
    return this.has(key) && boolValue(this.obj[key]) === value;
  }

  bool(key: string, fallback: boolean): boolean {
    return (this.has(key) ? readBool(this.ctx, this.obj[key], this.at(key)) : undefined) ?? fallback;
  }

  int(key: string, fallback: number, min?: number): number;
  int(key: string, fallback: number | null, min?: number): number | null;
  int(key: string, fallback: number | null, min?: number): number | null {
    return (this.has(key) ? readInt(this.ctx, this.obj[key], this.at(key), min) : undefined) ?? fallback;
  }

  /** A submission limit: absent → the default; an explicit null or 0 → unlimited (null). */
  limit(key: string, fallback: number): number | null {
    if (!(key in this.obj)) {
      return fallback;
    }
    if (this.obj[key] === null) {
      return null;
    }
    const n = this.int(key, fallback, 0);
    return n === 0 ? null : n;
  }

  /** One of `values`, compared case-insensitively (`Force_last` is what the organizer meant). */
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    if (!this.has(key)) {
      return fallback;
    }
    const v = this.obj[key];
    const found = typeof v === 'string' ? values.find((x) => x.toLowerCase() === v.trim().toLowerCase()) : undefined;
    if (found === undefined) {
      this.ctx.error(this.at(key), `must be one of ${values.join(', ')}, not ${describe(v)}`);
      return fallback;
    }
    return found;
  }

  list(key: string, options: { required?: boolean } = {}): unknown[] | undefined {
    if (!this.has(key)) {
      if (options.required) {
        this.ctx.error(this.at(key), `${key} is required`);
      }
      return undefined;
    }
    return readList(this.ctx, this.obj[key], this.at(key));
  }

  map(key: string): Record<string, unknown> | undefined {
    return this.has(key) ? readMap(this.ctx, this.obj[key], this.at(key)) : undefined;
  }

  /** An ISO date, or undefined (with an error when the value is not a date). Ambiguous dates get a warning. */
  date(key: string, options: { required?: boolean } = {}): string | undefined {
    if (!this.has(key)) {
      if (options.required) {
        this.ctx.error(this.at(key), `${key} is required`);
      }
      return undefined;
    }
    const reading = readDate(this.obj[key]);
    if ('error' in reading) {
      this.ctx.error(this.at(key), reading.error);
      return undefined;
    }
    if (reading.note) {
      this.ctx.warn(this.at(key), reading.note);
    }
    return reading.iso;
  }

  /** Warns about every key not declared as known; `hints` explains keys that belong to the other format. */
  warnUnknown(hints: Record<string, string> = {}): void {
    for (const key of Object.keys(this.obj)) {
      if (this.known.includes(key)) {
        continue;
      }
      const hint = hints[key] ?? suggest(key, this.known);
      this.ctx.warn(this.at(key), `unknown key ${key} is ignored${hint ? ` (${hint})` : ''}`);
    }
  }
}

function suggest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? `did you mean ${best}?` : undefined;
}

/** Levenshtein distance; keys are short, so the quadratic table is fine. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
