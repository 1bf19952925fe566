/** A column of a plain-text table; numbers read best right-aligned. */
export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** An aligned table, two spaces between columns, no trailing spaces. */
export function formatTable(columns: Column[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(width(c.title), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const pad = ' '.repeat(widths[i] - width(cell));
        return c.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** A score as the board shows it: fixed to its column's precision, or '-' when missing. */
export function formatScore(value: number | null | undefined, precision?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '-';
  }
  return precision !== undefined ? value.toFixed(precision) : String(value);
}

/** How long ago, coarsely: "12s", "3m 04s", "2h 05m", "3d 01h"; '-' when unknown. */
export function formatAge(since: string | null | undefined, now: number = Date.now()): string {
  if (!since) {
    return '-';
  }
  const ms = now - Date.parse(since);
  if (Number.isNaN(ms)) {
    return '-';
  }
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)}h ${two(Math.floor(s / 60) % 60)}m`;
  }
  return `${Math.floor(s / 86400)}d ${two(Math.floor(s / 3600) % 24)}h`;
}

function width(text: string): number {
  return [...text].length;
}
