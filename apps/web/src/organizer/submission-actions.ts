type Status = 'submitted' | 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';

/** Still in flight: it can be cancelled, not re-run yet. */
export function canCancel(status: Status): boolean {
  return status === 'submitted' || status === 'queued' || status === 'running';
}

/** Ended: it can be re-run (the re-run is a new submission that does not count against limits). */
export function canRerun(status: Status): boolean {
  return !canCancel(status);
}

/** The score columns of a list of submissions, in first-seen order. */
export function scoreKeys(submissions: readonly { scores?: Record<string, number> | null }[]): string[] {
  return [...new Set(submissions.flatMap((s) => Object.keys(s.scores ?? {})))];
}

/** A score as shown to organizers: up to 4 decimals, '—' when missing. */
export function formatScore(v: number | undefined | null): string {
  if (v === undefined || v === null || Number.isNaN(v)) {
    return '—';
  }
  return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** The first 8 characters of an id: enough to tell submissions apart in a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
