// What a team's approval status means to its members; unit-tested in team-status.spec.ts.

export type TeamStatus = 'pending' | 'approved' | 'denied';

/** The status line a member reads on the competition page. */
export function teamStatusText(name: string, status: string): string {
  switch (status) {
    case 'pending':
      return `Team ${name} awaits the organizers' approval: until then, submit on your own.`;
    case 'denied':
      return `The organizers did not approve team ${name}: it cannot submit as a team. Submit on your own.`;
    default:
      return `You are in team ${name}: you may submit on its behalf.`;
  }
}

/** Only an approved team submits as a team (the API refuses the others with 403). */
export function canSubmitAsTeam(team: { status: string } | null | undefined): boolean {
  return team?.status === 'approved';
}
