/**
 * Switches of the settings form that only mean something with another one, read from what the API does with them:
 * such a switch is shown disabled (and why) instead of seeming to work, or shown on where another forces it on.
 */
interface Dependency {
  key: string;
  /** Off while this one is off: the API ignores `key` then. */
  needs?: string;
  /** On while this one is on: the API acts as if `key` were on. */
  forcedOnBy?: string;
  note: string;
}

const DEPENDENCIES: Dependency[] = [
  {
    key: 'showDetailedResultsInSubmissionPanel',
    needs: 'enableDetailedResults',
    note: 'Needs “Detailed results pages”.',
  },
  {
    key: 'showDetailedResultsInSubmissionPanel',
    forcedOnBy: 'showDetailedResultsInLeaderboard',
    note: 'Always on while detailed results are linked from the leaderboard: everyone reads them there.',
  },
  { key: 'showDetailedResultsInLeaderboard', needs: 'enableDetailedResults', note: 'Needs “Detailed results pages”.' },
  { key: 'requireTeamApproval', needs: 'enableTeams', note: 'Needs “Participants may form teams”.' },
  {
    key: 'showSubmissionMetadataOnLeaderboard',
    needs: 'enableSubmissionMetadata',
    note: 'Needs “Submitters describe their method”.',
  },
];

export interface SwitchView {
  /** What the switch shows: its value, or on where another forces it. */
  checked: boolean;
  disabled: boolean;
  note?: string;
}

/** How a switch shows, given every switch's current value in the form (unsaved edits included). */
export function switchView(key: string, values: Readonly<Record<string, boolean>>): SwitchView {
  for (const d of DEPENDENCIES) {
    if (d.key !== key) {
      continue;
    }
    if (d.needs && !values[d.needs]) {
      return { checked: values[key] ?? false, disabled: true, note: d.note };
    }
    if (d.forcedOnBy && values[d.forcedOnBy]) {
      return { checked: true, disabled: true, note: d.note };
    }
  }
  return { checked: values[key] ?? false, disabled: false };
}
