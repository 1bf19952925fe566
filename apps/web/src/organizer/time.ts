/** Age of a heartbeat or connection for people: "just now", "42 s ago", "3 min ago", "2 h ago", "never". */
export function ageText(iso: string | null | undefined, nowMs: number): string {
  if (!iso) {
    return 'never';
  }
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) {
    return 'unknown';
  }
  const s = Math.max(0, Math.round((nowMs - then) / 1000));
  if (s < 5) {
    return 'just now';
  }
  if (s < 60) {
    return `${s} s ago`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m} min ago`;
  }
  const h = Math.floor(m / 60);
  if (h < 48) {
    return `${h} h ago`;
  }
  return `${Math.floor(h / 24)} days ago`;
}

/** A heartbeat older than this is worth flagging: the lease is about to lapse or the worker is gone. */
export const STALE_HEARTBEAT_MS = 2 * 60_000;

export function isStale(iso: string | null | undefined, nowMs: number): boolean {
  if (!iso) {
    return false;
  }
  return nowMs - new Date(iso).getTime() > STALE_HEARTBEAT_MS;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as the value of <input type="datetime-local"> in the viewer's time zone; '' for none. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local input (viewer's zone) as ISO 8601 with offset (UTC); null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) {
    return null;
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new Error(`${value} is not a date and time`);
  }
  return d.toISOString();
}

/** A limit typed by an organizer: '' means none (null); otherwise a whole number of at least `min`. */
export function parseLimit(text: string, label: string, min = 0): number | null {
  const t = text.trim();
  if (!t) {
    return null;
  }
  if (!/^\d+$/.test(t) || Number(t) < min) {
    throw new Error(`${label}: enter a whole number of at least ${min}, or leave it empty`);
  }
  return Number(t);
}
