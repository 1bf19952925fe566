export type DateReading = { iso: string; note?: string } | { error: string };

const HINT = 'write it as 2026-01-31, 2026-01-31 12:00 or 2026-01-31T12:00:00+02:00';
const TIME = String.raw`(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:${TIME})?$`);
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:${TIME})?$`);

/**
 * Reads a date the way organizers write them, to an ISO 8601 UTC instant. A time without offset is UTC; an offset is
 * converted (Codabench replaces it, shifting the instant). `M-D-YYYY` is read month first, as Codabench's dateutil
 * does; when day and month could be swapped the result carries a note so the organizer can check it.
 */
export function readDate(value: unknown): DateReading {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { error: 'is not a valid date' } : { iso: value.toISOString() };
  }
  if (typeof value !== 'string') {
    return { error: `must be a date: ${HINT}` };
  }
  const s = value.trim();
  let m = YEAR_FIRST.exec(s);
  if (m) {
    return build(+m[1], +m[2], +m[3], m.slice(4));
  }
  m = YEAR_LAST.exec(s);
  if (m) {
    const a = +m[1];
    const b = +m[2];
    const year = +m[3];
    if (a > 12 && b > 12) {
      return { error: `"${s}" is not a valid date: ${HINT}` };
    }
    if (a > 12) {
      return build(year, b, a, m.slice(4));
    }
    const reading = build(year, a, b, m.slice(4));
    if ('iso' in reading && b <= 12 && a !== b) {
      const note = `"${s}" is ambiguous; read as month-day-year (${reading.iso.slice(0, 10)}), as Codabench does: ${HINT}`;
      return { ...reading, note };
    }
    return reading;
  }
  return { error: `"${s}" is not a date this platform reads: ${HINT}` };
}

function build(year: number, month: number, day: number, time: (string | undefined)[]): DateReading {
  const [hh, mm, ss, frac, zone] = time;
  const hour = hh === undefined ? 0 : +hh;
  const minute = mm === undefined ? 0 : +mm;
  const second = ss === undefined ? 0 : +ss;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12) {
    return { error: `month ${month} is out of range: ${HINT}` };
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return { error: `day ${day} is out of range for ${year}-${pad(month)}: ${HINT}` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { error: `time ${hh}:${mm}${ss ? `:${ss}` : ''} is out of range` };
  }
  const offset = zoneMinutes(zone);
  if (offset === null) {
    return { error: `time zone offset ${zone} is out of range` };
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  return { iso: new Date(utc).toISOString() };
}

function zoneMinutes(zone: string | undefined): number | null {
  if (!zone || /^(Z|z|UTC|GMT)$/.test(zone)) {
    return 0;
  }
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const hours = +m[2];
  const minutes = m[3] === undefined ? 0 : +m[3];
  if (hours > 14 || minutes > 59) {
    return null;
  }
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
