import { describe, expect, it } from 'vitest';
import { chartPath } from './chart';

describe('chartPath', () => {
  it('maps time to x and score to y (higher score drawn higher)', () => {
    const path = chartPath(
      [
        { at: '2026-01-01T00:00:00Z', best: 0.5 },
        { at: '2026-01-02T00:00:00Z', best: 1 },
      ],
      100,
      50,
      0,
    );
    expect(path).toBe('0,50 100,0');
  });

  it('centres a single point and is empty without points', () => {
    expect(chartPath([{ at: '2026-01-01T00:00:00Z', best: 1 }], 100, 50, 0)).toBe('50,25');
    expect(chartPath([], 100, 50)).toBe('');
  });
});
