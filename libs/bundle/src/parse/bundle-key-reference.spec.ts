import { describe, expect, it } from 'vitest';
import { BUNDLE_KEYS } from './bundle-keys';
import { bundleKeyAnchor, bundleKeyOfPath, parsePath } from './bundle-key-reference';

describe('the reference entry of a problem path', () => {
  it.each([
    ['v2', 'phases[1].auto_migrate_to_this_phase', 'v2-phases-auto_migrate_to_this_phase'],
    ['v2', 'phases[1].tasks[0]', 'v2-phases-tasks'],
    ['v2', 'leaderboards[0].columns[2].sorting', 'v2-leaderboards-columns-sorting'],
    ['v2', 'leaderboards[0]', 'v2-top-leaderboards'],
    ['v2', 'title', 'v2-top-title'],
    ['v2', 'fact_sheet.method.selection', 'v2-fact_sheet-selection'],
    ['v1', 'phases[1].reference_data', 'v1-phases-reference_data'],
    ['v1', 'phases.dev.color', 'v1-phases-color'],
    ['v1', 'leaderboard.columns.set1_score.computed.weights', 'v1-leaderboard-columns-computed-weights'],
    ['v1', 'leaderboard.columns.set1_score.sort', 'v1-leaderboard-columns-sort'],
    ['v1', 'leaderboard.leaderboards.Results.rank', 'v1-leaderboard-leaderboards-rank'],
    ['v1', 'html["my page"]', 'v1-top-html'],
  ] as const)('%s %s → #%s', (format, path, anchor) => {
    expect(bundleKeyOfPath(format, path)?.anchor).toBe(anchor);
  });

  it('names no key for the file as a whole or a key the parser does not read', () => {
    expect(bundleKeyOfPath('v2', '')).toBeNull();
    expect(bundleKeyOfPath('v2', 'no_such_key')).toBeNull();
  });

  it('reads formatted paths back, quoted keys included', () => {
    expect(parsePath('phases[1].tasks[0]')).toEqual(['phases', 1, 'tasks', 0]);
    expect(parsePath('html["my page"].x')).toEqual(['html', 'my page', 'x']);
  });

  it('gives every key of every scope its own anchor', () => {
    const anchors = Object.entries(BUNDLE_KEYS).flatMap(([format, scopes]) =>
      Object.entries(scopes).flatMap(([scope, keys]) =>
        keys.map((k) => bundleKeyAnchor(format as 'v1' | 'v2', scope, k)),
      ),
    );
    expect(new Set(anchors).size).toBe(anchors.length);
  });
});
