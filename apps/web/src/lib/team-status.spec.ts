import { describe, expect, it } from 'vitest';
import { canSubmitAsTeam, teamStatusText } from './team-status';

describe('team status', () => {
  it('tells members where their team stands', () => {
    expect(teamStatusText('Otters', 'pending')).toMatch(/^Team Otters awaits the organizers' approval/);
    expect(teamStatusText('Otters', 'denied')).toMatch(/did not approve team Otters/);
    expect(teamStatusText('Otters', 'approved')).toMatch(/on its behalf/);
  });

  it('lets only an approved team submit as a team', () => {
    expect(canSubmitAsTeam({ status: 'approved' })).toBe(true);
    expect(canSubmitAsTeam({ status: 'pending' })).toBe(false);
    expect(canSubmitAsTeam({ status: 'denied' })).toBe(false);
    expect(canSubmitAsTeam(null)).toBe(false);
  });
});
