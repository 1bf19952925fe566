// Submissions the competition does not run automatically (auto_run_submissions: false); unit-tested in
// held-runs.spec.ts.

/** Waits for an organizer to run it: a run of it is held and none has ended yet. */
export function isHeld(s: { status: string; runs?: readonly { held: boolean }[] }): boolean {
  return (s.status === 'submitted' || s.status === 'queued') && (s.runs ?? []).some((r) => r.held);
}

/** How many submissions of a list wait for an organizer. */
export function countHeld(list: readonly { status: string; runs?: readonly { held: boolean }[] }[]): number {
  return list.filter(isHeld).length;
}
