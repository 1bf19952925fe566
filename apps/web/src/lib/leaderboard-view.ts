// Pure helpers of the leaderboard table, unit-tested in leaderboard-view.spec.ts.

export interface SortableRow {
  position: number;
  participant: string;
  submittedAt: string;
  scores: Record<string, number | null>;
}

export type SortKey =
  { kind: 'position' } | { kind: 'participant' } | { kind: 'submittedAt' } | { kind: 'score'; key: string };

/** Rows sorted by a column; missing scores always last; ties keep the board's order. */
export function sortRows<R extends SortableRow>(rows: readonly R[], by: SortKey, direction: 'asc' | 'desc'): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const va = value(a.row, by);
      const vb = value(b.row, by);
      if (va === null && vb !== null) {
        return 1;
      }
      if (vb === null && va !== null) {
        return -1;
      }
      const c = va === null || vb === null ? 0 : va < vb ? -sign : va > vb ? sign : 0;
      return c || a.i - b.i;
    })
    .map((x) => x.row);
}

function value(row: SortableRow, by: SortKey): number | string | null {
  switch (by.kind) {
    case 'position':
      return row.position;
    case 'participant':
      return row.participant.toLowerCase();
    case 'submittedAt':
      return row.submittedAt;
    case 'score': {
      const v = row.scores[by.key];
      return v === undefined || v === null || Number.isNaN(v) ? null : v;
    }
  }
}

export interface ColumnLike {
  key: string;
  group?: string | null;
}

export interface HeaderGroup {
  title: string | null;
  span: number;
}

/** Consecutive columns of one group share a header cell; null when no column has a group. */
export function columnGroups(columns: readonly ColumnLike[]): HeaderGroup[] | null {
  if (!columns.some((c) => c.group)) {
    return null;
  }
  const groups: HeaderGroup[] = [];
  for (const c of columns) {
    const title = c.group ?? null;
    const last = groups[groups.length - 1];
    if (last && last.title === title) {
      last.span++;
    } else {
      groups.push({ title, span: 1 });
    }
  }
  return groups;
}

/** A score as the column's precision wants it; a dash when missing. */
export function formatScore(value: number | null | undefined, precision: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return value.toFixed(Math.max(0, Math.min(12, precision)));
}
