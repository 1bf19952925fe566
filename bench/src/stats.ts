export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summary(values: number[]): string {
  return `n=${values.length} min=${Math.min(...values).toFixed(0)} p50=${percentile(values, 50).toFixed(0)} p95=${percentile(values, 95).toFixed(0)} max=${Math.max(...values).toFixed(0)} ms`;
}

export function resultLine(name: string, value: number, baseline: number, unit: string): string {
  return `RESULT ${name} value=${value.toFixed(1)}${unit} baseline=${baseline.toFixed(1)}${unit} ratio=${(value / baseline).toFixed(3)}`;
}
