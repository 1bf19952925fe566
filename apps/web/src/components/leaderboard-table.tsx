import { Link } from 'react-router-dom';
import { Fragment, useEffect, useRef, useState, type RefObject } from 'react';
import type { Schema } from '../lib/api';
import { webUrl } from '../lib/competition-facts';
import { formatDateTime } from '../lib/dates';
import { hasMetadata, methodLabel } from '../lib/submission-metadata';
import { columnGroups, formatScore, sortRows, type SortKey } from '../lib/leaderboard-view';

type Board = Schema<'LeaderboardDto'>;
type Column = Board['columns'][number] & { group?: string | null };

const sameKey = (a: SortKey, b: SortKey) =>
  a.kind === b.kind && (a.kind !== 'score' || a.key === (b as { key: string }).key);

/**
 * One leaderboard: sortable columns (buttons in the headers), column groups when the board has them, the caller's
 * rows highlighted (`isMine`). Hidden columns never reach us: the API leaves them out. On an anonymous board,
 * participants receive pseudonyms only; organizers receive names, and each row's pseudonym shown beside its name.
 */
export function LeaderboardTable({
  board,
  isMine,
}: {
  board: Board;
  isMine?: (row: Board['rows'][number]) => boolean;
}) {
  const [sort, setSort] = useState<{ by: SortKey; direction: 'asc' | 'desc' }>({
    by: { kind: 'position' },
    direction: 'asc',
  });
  const columns = board.columns as Column[];
  const groups = columnGroups(columns);
  const rows = sortRows(board.rows, sort.by, sort.direction);
  // Boards that show the submitters' method (show_submission_metadata_on_leaderboard) carry it on every row.
  const withMethod = board.rows.some((r) => r.metadata !== undefined);

  const header = (label: string, by: SortKey, defaultDirection: 'asc' | 'desc', className?: string) => {
    const active = sameKey(sort.by, by);
    const aria = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return (
      <th scope="col" aria-sort={aria} className={className}>
        <button
          type="button"
          onClick={() =>
            setSort({ by, direction: active ? (sort.direction === 'asc' ? 'desc' : 'asc') : defaultDirection })
          }
        >
          {label}
          <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };

  const wrap = useRef<HTMLDivElement>(null);
  const overflows = useOverflow(wrap);

  if (board.resultsHidden) {
    return <p>Scores are hidden until the organizers reveal them.</p>;
  }
  if (!board.rows.length) {
    return <p className="muted">No entries yet.</p>;
  }
  return (
    <>
      {overflows && (
        <p className="scroll-hint" data-testid={`scroll-hint-${board.key}`} aria-hidden="true">
          Scroll sideways for more columns →
        </p>
      )}
      <div
        className="table-wrap board-wrap"
        ref={wrap}
        // Focusable only when it scrolls: the keyboard scrolls it then (arrow keys).
        tabIndex={overflows ? 0 : undefined}
        role={overflows ? 'region' : undefined}
        aria-label={overflows ? `${board.title}, scrolls sideways` : undefined}
      >
        <table data-testid={`leaderboard-${board.key}`}>
          <caption className="muted">
            {board.title}: {board.total} entries, ranked by{' '}
            {columns.find((c) => c.key === board.primaryKey)?.title ?? board.primaryKey}
          </caption>
          <thead>
            {groups && (
              <tr>
                <td colSpan={3} />
                {groups.map((g, i) =>
                  g.title ? (
                    <th key={i} scope="colgroup" colSpan={g.span}>
                      {g.title}
                    </th>
                  ) : (
                    <td key={i} colSpan={g.span} />
                  ),
                )}
                {board.factSheetColumns.length > 0 && <td colSpan={board.factSheetColumns.length} />}
                {withMethod && <td />}
                {board.detailedResults && <td />}
              </tr>
            )}
            <tr>
              {header('Rank', { kind: 'position' }, 'asc', 'num')}
              {header('Participant', { kind: 'participant' }, 'asc')}
              {header('Submitted', { kind: 'submittedAt' }, 'desc')}
              {columns.map((c) => (
                <Fragment key={c.key}>{header(c.title, { kind: 'score', key: c.key }, c.sorting, 'num')}</Fragment>
              ))}
              {board.factSheetColumns.map((f) => (
                <th key={f.key} scope="col">
                  {f.title}
                </th>
              ))}
              {withMethod && <th scope="col">Method</th>}
              {board.detailedResults && <th scope="col">Details</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const mine = isMine?.(r) ?? false;
              return (
                <tr
                  key={`${r.submissionId}-${r.position}`}
                  className={mine ? 'mine' : undefined}
                  aria-current={mine ? 'true' : undefined}
                >
                  <td className="num">{r.rank ?? '—'}</td>
                  <td>
                    {r.participant}
                    {r.pseudonym && <span className="muted"> ({r.pseudonym})</span>}
                    {mine && <span className="visually-hidden"> (you)</span>}
                    {r.pendingTasks?.length ? (
                      <span className="muted" data-testid="pending-tasks">
                        {' '}
                        (scoring on {r.pendingTasks.length} new task{r.pendingTasks.length > 1 ? 's' : ''})
                      </span>
                    ) : null}
                  </td>
                  <td>{formatDateTime(r.submittedAt)}</td>
                  {columns.map((c) => (
                    <td key={c.key} className="num">
                      {formatScore(r.scores[c.key], c.precision)}
                    </td>
                  ))}
                  {board.factSheetColumns.map((f) => (
                    <td key={f.key}>{String(r.factSheet?.[f.key] ?? '—')}</td>
                  ))}
                  {withMethod && (
                    <td>
                      <MethodCell metadata={r.metadata} />
                    </td>
                  )}
                  {board.detailedResults && (
                    <td>
                      <Link to={`/submissions/${r.submissionId}/detailed-results`}>
                        Details<span className="visually-hidden"> of {r.participant}</span>
                      </Link>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Whether the element is narrower than its content (a table that scrolls sideways); follows resizes. */
function useOverflow(ref: RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) {
      observer.observe(el.firstElementChild);
    }
    return () => observer.disconnect();
  });
  return overflows;
}

/** The method a row's submitter named, with its code and paper links (http(s) only); a dash when none was given. */
function MethodCell({ metadata }: { metadata: Board['rows'][number]['metadata'] }) {
  if (!hasMetadata(metadata)) {
    return <span className="muted">—</span>;
  }
  const description = metadata.methodDescription ?? '';
  const name = methodLabel(metadata);
  const links = (
    [
      ['code', webUrl(metadata.codeUrl)],
      ['paper', webUrl(metadata.paperUrl)],
    ] as const
  ).filter(([, href]) => href);
  return (
    <span title={description || undefined}>
      {name}
      {links.map(([label, href]) => (
        <Fragment key={label}>
          {' '}
          <a href={href} rel="noopener noreferrer nofollow">
            {label}
            <span className="visually-hidden"> of {name || 'this method'}</span>
          </a>
        </Fragment>
      ))}
    </span>
  );
}
