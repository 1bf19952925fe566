import { describe, expect, it } from 'vitest';
import { pseudonymsOf, rowNames } from './pseudonyms';

describe('pseudonyms', () => {
  it('shows a team row as its team, made by a participant; a solo row as the participant', () => {
    expect(pseudonymsOf({ ownerNumber: 417, teamNumber: 82, isTeam: true })).toEqual({
      participant: 'Team 82',
      submitter: 'Participant 417',
      team: 'Team 82',
    });
    expect(pseudonymsOf({ ownerNumber: 9, teamNumber: null, isTeam: false })).toEqual({
      participant: 'Participant 9',
      submitter: 'Participant 9',
      team: null,
    });
  });

  it('never falls back to anything but a question mark', () => {
    expect(pseudonymsOf({ ownerNumber: null, teamNumber: null, isTeam: true }).participant).toBe('Team ?');
  });

  it('reads names only where they may be shown', () => {
    expect(rowNames(false, false)).toBe('real');
    expect(rowNames(false, true)).toBe('real');
    expect(rowNames(true, true)).toBe('both');
    expect(rowNames(true, false)).toBe('pseudonyms');
  });
});
