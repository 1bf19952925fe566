import { describe, expect, it } from 'vitest';
import { countHeld, isHeld } from './held-runs';

describe('held submissions', () => {
  it('is held while a run waits for an organizer and nothing ended', () => {
    expect(isHeld({ status: 'submitted', runs: [{ held: true }] })).toBe(true);
    expect(isHeld({ status: 'queued', runs: [{ held: false }, { held: true }] })).toBe(true);
    expect(isHeld({ status: 'queued', runs: [{ held: false }] })).toBe(false);
    expect(isHeld({ status: 'cancelled', runs: [{ held: true }] })).toBe(false);
    expect(isHeld({ status: 'submitted' })).toBe(false);
  });

  it('counts the waiting ones', () => {
    expect(
      countHeld([
        { status: 'queued', runs: [{ held: true }] },
        { status: 'finished', runs: [{ held: false }] },
      ]),
    ).toBe(1);
  });
});
