// Geometry of the best-score-over-time chart, unit-tested in chart.spec.ts.

export interface ChartPoint {
  at: string;
  best: number;
}

/** SVG polyline points for the series in a width x height box with padding; empty for no points. */
export function chartPath(points: readonly ChartPoint[], width: number, height: number, pad = 8): string {
  if (!points.length) {
    return '';
  }
  const times = points.map((p) => new Date(p.at).getTime());
  const values = points.map((p) => p.best);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t: number) => pad + (t1 === t0 ? (width - 2 * pad) / 2 : ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v: number) =>
    height - pad - (v1 === v0 ? (height - 2 * pad) / 2 : ((v - v0) / (v1 - v0)) * (height - 2 * pad));
  return points.map((p, i) => `${round(x(times[i]))},${round(y(p.best))}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
