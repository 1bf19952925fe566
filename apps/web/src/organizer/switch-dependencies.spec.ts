import { describe, expect, it } from 'vitest';
import { switchView } from './switch-dependencies';

describe('switchView', () => {
  it('disables a switch whose prerequisite is off, keeping its value', () => {
    expect(switchView('requireTeamApproval', { enableTeams: false, requireTeamApproval: true })).toMatchObject({
      checked: true,
      disabled: true,
      note: expect.stringContaining('form teams'),
    });
    expect(switchView('requireTeamApproval', { enableTeams: true, requireTeamApproval: false })).toEqual({
      checked: false,
      disabled: false,
    });
  });

  it('shows the submitters’ detailed results on while the leaderboard links them (the API reads either)', () => {
    const on = { enableDetailedResults: true, showDetailedResultsInLeaderboard: true };
    expect(
      switchView('showDetailedResultsInSubmissionPanel', { ...on, showDetailedResultsInSubmissionPanel: false }),
    ).toMatchObject({ checked: true, disabled: true });
    expect(switchView('showDetailedResultsInSubmissionPanel', { ...on, enableDetailedResults: false }).note).toContain(
      'Detailed results pages',
    );
  });

  it('leaves independent switches alone', () => {
    expect(switchView('hideChart', { hideChart: true })).toEqual({ checked: true, disabled: false });
  });
});
