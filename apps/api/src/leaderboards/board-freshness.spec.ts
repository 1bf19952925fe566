import { describe, expect, it } from 'vitest';
import { FreshnessStamped } from './board-freshness';
import { jsonText } from './json-text';

describe('FreshnessStamped', () => {
  const page = jsonText(JSON.stringify({ key: 'main', rows: [{ rank: 1 }] }));
  const fresh = JSON.stringify({ updatedAt: '2026-01-01T00:00:00.000Z', pending: 0, pendingSince: null });
  const behind = JSON.stringify({
    updatedAt: '2026-01-01T00:00:00.000Z',
    pending: 3,
    pendingSince: '2026-01-01T00:00:01.000Z',
  });

  it('adds the freshness as the last field of the cached page', () => {
    const json = new FreshnessStamped(page).with(behind);
    expect(JSON.parse(json.body.toString())).toEqual({
      key: 'main',
      rows: [{ rank: 1 }],
      freshness: JSON.parse(behind),
    });
  });

  it('gives each freshness its own tag, so a conditional read never keeps a stale one', () => {
    const stamped = new FreshnessStamped(page);
    const a = stamped.with(fresh);
    const b = stamped.with(behind);
    expect(a.etag).not.toBe(b.etag);
    expect(stamped.with(behind).etag).toBe(b.etag);
  });

  it('copies the page once per freshness, not per read', () => {
    const stamped = new FreshnessStamped(page);
    expect(stamped.with(fresh)).toBe(stamped.with(fresh));
  });
});
