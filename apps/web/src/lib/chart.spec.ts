import { describe, expect, it } from 'vitest';
import { chartLayout, improvementsText, niceTicks, tickDecimals } from './chart';

const box = { width: 200, height: 100, left: 0, right: 0, top: 0, bottom: 0 };

describe('chart geometry', () => {
  it('draws a y range around the values, not zero to the maximum', () => {
    const ticks = niceTicks(0.84, 1);
    expect(ticks[0]).toBeGreaterThan(0.7);
    expect(ticks[0]).toBeLessThanOrEqual(0.84);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(1);
    expect(ticks[ticks.length - 1]).toBeLessThan(1.1);
    expect(tickDecimals(ticks)).toBe(2);
  });

  it('puts a single value in the middle of its range and draws it as a line up to now', () => {
    const ticks = niceTicks(0.84, 0.84);
    expect(ticks[0]).toBeLessThan(0.84);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(0.84);
    const at = '2026-01-01T00:00:00Z';
    const layout = chartLayout([{ at, best: 0.84 }], box, new Date(at).getTime() + 86_400_000)!;
    expect(layout.dots).toHaveLength(1);
    expect(layout.line.split(' ')).toHaveLength(2);
    expect(layout.dots[0].x).toBe(0);
    expect(layout.xTicks).toHaveLength(2);
  });

  it('draws a step line: a best holds until the next, higher score drawn higher', () => {
    const layout = chartLayout(
      [
        { at: '2026-01-01T00:00:00Z', best: 0.5 },
        { at: '2026-01-02T00:00:00Z', best: 1 },
      ],
      box,
      new Date('2026-01-02T00:00:00Z').getTime(),
    )!;
    const [a, b, c] = layout.line.split(' ').map((p) => p.split(',').map(Number));
    expect(a[0]).toBe(0);
    expect(b).toEqual([200, a[1]]);
    expect(c[1]).toBeLessThan(a[1]);
    expect(chartLayout([], box, 0)).toBeUndefined();
  });

  it('counts improvements after the first score', () => {
    expect(improvementsText(1)).toBe('0 improvements');
    expect(improvementsText(2)).toBe('1 improvement');
    expect(improvementsText(4)).toBe('3 improvements');
  });
});
