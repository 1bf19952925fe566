/**
 * A JSON-safe copy of a YAML value for `model.extra`: aliases can make shared or even cyclic objects, which the API
 * could not serialize. Cycles and very deep values are cut; dates become ISO strings.
 */
export function toPlainData(value: unknown, depth = 8, seen = new Set<object>()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : String(value);
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString();
  }
  if (typeof value !== 'object' || depth <= 0 || seen.has(value)) {
    return null;
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((v) => toPlainData(v, depth - 1, seen));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = toPlainData(v, depth - 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** `"a, b"` or `[a, b]` → `['a', 'b']` (CodaLab wrote lists as comma-separated text). */
export function splitList(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (typeof value === 'number') {
    return [String(value)];
  }
  if (Array.isArray(value)) {
    return value.map((v) => String(v).trim()).filter((s) => s !== '');
  }
  return undefined;
}
