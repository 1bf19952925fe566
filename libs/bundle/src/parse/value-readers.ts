import type { YamlPath } from '../problems/yaml-path';
import type { ParseContext } from './parse-context';

/** YAML `~`, `null` and an empty value all mean "not given". */
export function isAbsent(v: unknown): v is null | undefined {
  return v === undefined || v === null;
}

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function describe(v: unknown): string {
  if (v instanceof Date) {
    return v.toISOString();
  }
  const s =
    typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : isPlainMap(v) ? 'a map' : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Text; numbers and booleans are accepted as their text (`title: 2026`). */
export function readString(ctx: ParseContext, v: unknown, path: YamlPath, max?: number): string | undefined {
  let s: string;
  if (typeof v === 'string') {
    s = v;
  } else if (typeof v === 'number' || typeof v === 'boolean') {
    s = String(v);
  } else {
    ctx.error(path, `must be text, not ${describe(v)}`);
    return undefined;
  }
  if (max !== undefined && s.length > max) {
    ctx.error(path, `is ${s.length} characters long; the limit is ${max}`);
  }
  const control = controlCharacter(s);
  if (control) {
    ctx.error(path, `holds the control character ${control}, which no text here may hold`);
  }
  return s;
}

/**
 * The first character no text of a competition may hold (YAML escapes can write them: "\0", "\e"): C0 controls but
 * tab, line feed and carriage return, DEL, C1 controls, U+FFFD (invalid UTF-8 read as text) and unpaired surrogates.
 * NUL would not even reach the database (PostgreSQL refuses it).
 */
export function controlCharacter(s: string): string | null {
  const m =
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u.exec(
      s,
    );
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n', '0']);

/** true/false; PyYAML's yes/no/on/off and quoted "true"/"false" (Codabench fact sheets) are read the same way. */
/** The boolean a value reads as, or undefined; reports nothing (for checks made after the value was read once). */
export function boolValue(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') {
    return v;
  }
  if (v === 0 || v === 1) {
    return v === 1;
  }
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (TRUE_WORDS.has(w)) {
      return true;
    }
    if (FALSE_WORDS.has(w)) {
      return false;
    }
  }
  return undefined;
}

export function readBool(ctx: ParseContext, v: unknown, path: YamlPath): boolean | undefined {
  const b = boolValue(v);
  if (b === undefined) {
    ctx.error(path, `must be true or false, not ${describe(v)}`);
  }
  return b;
}

export function readInt(ctx: ParseContext, v: unknown, path: YamlPath, min?: number): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) {
    n = v;
  } else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) {
    n = Number.parseInt(v, 10);
  }
  if (n === undefined || !Number.isSafeInteger(n)) {
    ctx.error(path, `must be a whole number, not ${describe(v)}`);
    return undefined;
  }
  if (min !== undefined && n < min) {
    ctx.error(path, `must be ${min} or more, not ${n}`);
    return undefined;
  }
  return n;
}

export function readNumber(ctx: ParseContext, v: unknown, path: YamlPath): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) {
    ctx.error(path, `must be a number, not ${describe(v)}`);
    return undefined;
  }
  return n;
}

export function readList(ctx: ParseContext, v: unknown, path: YamlPath): unknown[] | undefined {
  if (Array.isArray(v)) {
    return v;
  }
  ctx.error(path, `must be a list, not ${describe(v)}`);
  return undefined;
}

export function readMap(ctx: ParseContext, v: unknown, path: YamlPath): Record<string, unknown> | undefined {
  if (isPlainMap(v)) {
    return v;
  }
  ctx.error(path, `must be a map of keys and values, not ${describe(v)}`);
  return undefined;
}
