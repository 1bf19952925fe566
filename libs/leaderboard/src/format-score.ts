const DEFAULT_PRECISION = 2;
const MAX_PRECISION = 10;

/**
 * Display text of a score with `precision` decimals (clamped to 0..10, default 2 as both v1 and Codabench).
 * Display only: two scores shown equal may still rank apart, because ranking uses full values.
 */
export function formatScore(value: number | null | undefined, precision?: number, missing = '-'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return missing;
  }
  const digits =
    precision === undefined || !Number.isFinite(precision)
      ? DEFAULT_PRECISION
      : Math.min(MAX_PRECISION, Math.max(0, Math.trunc(precision)));
  const text = value.toFixed(digits);
  // -0.001 rounds to "-0.00", which reads as a different value from 0.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
