export type CsvValue = string | number | boolean | Date | null | undefined;

/**
 * One CSV record per RFC 4180 (fields with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends it), the only
 * CSV encoder of the platform: every export (submissions, participants, leaderboards) writes through it.
 *
 * Text is written by participants (usernames, descriptions, team names, fact-sheet answers) and opened by organizers
 * in a spreadsheet, which runs a cell starting with `=`, `+`, `-`, `@`, a tab or a CR as a formula
 * (`=HYPERLINK(...)`, DDE). OWASP's rule: such a text cell gets a leading `'`, which spreadsheets show as text. Only
 * typed numbers are written as they are, so a negative score stays a number while the text "-1+cmd|..." does not.
 */
export function csvRecord(fields: readonly CsvValue[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(v: CsvValue): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return quoted(String(v));
  }
  const s = v instanceof Date ? v.toISOString() : v;
  return quoted(FORMULA_START.test(s) ? `'${s}` : s);
}

const FORMULA_START = /^[=+\-@\t\r]/;

function quoted(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
