// Geometry of the best-score-over-time chart, unit-tested in chart.spec.ts.

export interface ChartPoint {
  at: string;
  best: number;
}

/** The plot area inside the SVG: room on the left for the y values and below for the dates. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartLayout {
  /** SVG polyline points of the step series (a best holds until the next one), ending at `until`. */
  line: string;
  dots: { x: number; y: number; point: ChartPoint }[];
  yTicks: { y: number; value: number }[];
  /** The first and last instants shown, at the ends of the x axis. */
  xTicks: { x: number; at: number }[];
  /** The y range drawn: a margin around the values, never zero to the maximum unless the values span it. */
  yRange: [number, number];
}

/** 1, 2 or 5 times a power of ten: steps people read at a glance. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * Round y ticks around the values: the range is the values with a margin, widened to whole steps. A single value
 * (or equal values) gets a range around it, so it sits in the middle with a tick above and below.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  let [lo, hi] = [min, max];
  if (hi - lo < 1e-12) {
    const around = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.1 : 1;
    [lo, hi] = [lo - around, hi + around];
  } else {
    const margin = (hi - lo) * 0.1;
    [lo, hi] = [lo - margin, hi + margin];
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Decimals enough to tell the ticks apart (step 0.05: 2). */
export function tickDecimals(ticks: readonly number[]): number {
  if (ticks.length < 2) {
    return 0;
  }
  const step = Math.abs(ticks[1] - ticks[0]);
  return Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
}

/**
 * The whole chart: y ticks, x ends, dots and the step line. `until` is where the last best still holds (now);
 * a single point thus draws a flat line from its time to now instead of a lone dot.
 */
export function chartLayout(points: readonly ChartPoint[], box: ChartBox, until: number): ChartLayout | undefined {
  if (!points.length) {
    return undefined;
  }
  const times = points.map((p) => new Date(p.at).getTime());
  const values = points.map((p) => p.best);
  const t0 = Math.min(...times);
  const t1 = Math.max(until, ...times);
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const [v0, v1] = [ticks[0], ticks[ticks.length - 1]];
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const x = (t: number) => round(box.left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW));
  const y = (v: number) => round(box.top + plotH - ((v - v0) / (v1 - v0)) * plotH);
  const steps: string[] = [];
  points.forEach((p, i) => {
    if (i > 0) {
      steps.push(`${x(times[i])},${y(points[i - 1].best)}`);
    }
    steps.push(`${x(times[i])},${y(p.best)}`);
  });
  steps.push(`${x(t1)},${y(values[values.length - 1])}`);
  return {
    line: steps.join(' '),
    dots: points.map((p, i) => ({ x: x(times[i]), y: y(p.best), point: p })),
    yTicks: ticks.map((value) => ({ y: y(value), value })),
    xTicks:
      t1 === t0
        ? [{ x: x(t0), at: t0 }]
        : [
            { x: x(t0), at: t0 },
            { x: x(t1), at: t1 },
          ],
    yRange: [v0, v1],
  };
}

/** "3 improvements": the first point is the first score, each later one an improvement. */
export function improvementsText(points: number): string {
  const n = Math.max(0, points - 1);
  return `${n} improvement${n === 1 ? '' : 's'}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
