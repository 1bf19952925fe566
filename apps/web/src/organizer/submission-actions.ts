type Status = 'submitted' | 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';

/** Still in flight: it can be cancelled, not re-run yet. */
export function canCancel(status: Status): boolean {
  return status === 'submitted' || status === 'queued' || status === 'running';
}

/** Ended: it can be re-run (the re-run is a new submission that does not count against limits). */
export function canRerun(status: Status): boolean {
  return !canCancel(status);
}

/** Characters of a failure message the organizer's table shows before "Read the message". */
const FAILURE_PREVIEW = 80;

/**
 * A failure message as the table shows it: its first line, cut at 80 characters, and whether there is more to read
 * (the whole message opens below it), so one long message never widens the table.
 */
export function failureSummary(message: string): { first: string; more: boolean } {
  const lines = message.trim().split('\n');
  const line = lines[0] ?? '';
  const cut = line.length > FAILURE_PREVIEW;
  return { first: cut ? `${line.slice(0, FAILURE_PREVIEW)}…` : line, more: cut || lines.length > 1 };
}

/** The first 8 characters of an id: enough to tell submissions apart in a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
