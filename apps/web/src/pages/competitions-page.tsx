import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CompetitionCard } from '../components/competition-card';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap } from '../lib/api';
import {
  catalogueApiQuery,
  type CatalogueState,
  pageCount,
  readCatalogueState,
  SORTS,
  STATUSES,
  writeCatalogueState,
} from '../lib/catalogue-query';
import { usePageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';

const SORT_TEXT: Record<(typeof SORTS)[number], string> = {
  newest: 'Newest',
  ending: 'Ending soonest',
  title: 'Title (A to Z)',
  participants: 'Most participants',
};

/** The catalogue: search, filters (open, upcoming, ended, mine), sort and pages, all kept in the URL. */
export function CompetitionsPage() {
  const ids = { search: useId(), sort: useId() };
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const state = readCatalogueState(params);
  usePageTitle('Competitions');
  // What is typed shows at once; the list follows 300 ms after the last key.
  const [typed, setTyped] = useState(state.q);
  useEffect(() => setTyped(state.q), [state.q]);
  useEffect(() => {
    if (typed === state.q) {
      return;
    }
    const timer = setTimeout(() => update({ q: typed }, true), 300);
    return () => clearTimeout(timer);
  });
  const update = (change: Partial<CatalogueState>, replace = false) =>
    setParams(writeCatalogueState({ ...state, page: 1, ...change }), { replace });

  const query = catalogueApiQuery({ ...state, mine: state.mine && Boolean(user) });
  const list = useLoad(
    async () => unwrap(await api.GET('/api/competitions/catalogue', { params: { query } })),
    [JSON.stringify(query), user?.id],
  );
  const total = list.data?.total ?? 0;
  const pages = pageCount(total);
  const filters: { label: string; active: boolean; change: Partial<CatalogueState> }[] = [
    { label: 'All', active: !state.status && !state.mine, change: { status: undefined, mine: false } },
    ...STATUSES.map((s) => ({
      label: s.charAt(0).toUpperCase() + s.slice(1),
      active: state.status === s,
      change: { status: state.status === s ? undefined : s },
    })),
    ...(user ? [{ label: 'Mine', active: state.mine, change: { mine: !state.mine } }] : []),
  ];

  return (
    <>
      <h1>Competitions</h1>
      <div className="catalogue-controls">
        <div role="search">
          <label htmlFor={ids.search}>Search competitions</label>
          <input
            id={ids.search}
            type="search"
            value={typed}
            placeholder="Title, description or organizer"
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={ids.sort}>Sort by</label>
          <select
            id={ids.sort}
            value={state.sort}
            onChange={(e) => update({ sort: e.target.value as CatalogueState['sort'] })}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="filters" role="group" aria-label="Show">
        {filters.map((f) => (
          <button
            key={f.label}
            type="button"
            className={f.active ? '' : 'secondary'}
            aria-pressed={f.active}
            onClick={() => update(f.change)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && (
        <p className="muted" role="status" aria-live="polite" data-testid="catalogue-count">
          {total === 0
            ? 'No competition matches.'
            : `${total} ${total === 1 ? 'competition' : 'competitions'}${pages > 1 ? `, page ${state.page} of ${pages}` : ''}`}
        </p>
      )}
      {list.data && total === 0 && (state.q || state.status || state.mine) ? (
        <p>
          <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams())}>
            Clear the search and filters
          </button>
        </p>
      ) : null}
      <ul className="catalogue" aria-label="Competitions" aria-busy={list.loading}>
        {(list.data?.items ?? []).map((c) => (
          <CompetitionCard key={c.id} competition={c} />
        ))}
      </ul>
      {pages > 1 && (
        <nav className="pagination" aria-label="Pages of competitions">
          <button
            type="button"
            className="secondary"
            disabled={state.page <= 1}
            onClick={() => update({ page: state.page - 1 })}
          >
            Previous
          </button>
          <span>
            Page {state.page} of {pages}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={state.page >= pages}
            onClick={() => update({ page: state.page + 1 })}
          >
            Next
          </button>
        </nav>
      )}
    </>
  );
}
