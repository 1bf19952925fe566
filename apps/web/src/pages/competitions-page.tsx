import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { matchesSearch } from '../lib/search';
import { useLoad } from '../lib/use-load';

export function CompetitionsPage() {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const list = useLoad(
    async () => unwrap(await api.GET('/api/competitions', { params: { query: { limit: 200 } } })),
    [],
  );
  const shown = (list.data ?? []).filter((c) => matchesSearch(query, [c.title, c.description]));

  return (
    <>
      <h1>Competitions</h1>
      <div role="search">
        <label htmlFor={searchId}>Search competitions</label>
        <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && (
        <p className="muted" role="status" aria-live="polite">
          {shown.length} of {list.data.length} competitions
        </p>
      )}
      <ul className="cards" aria-label="Competitions">
        {shown.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/competitions/${c.id}`}>{c.title}</Link>
            </h2>
            <p>{c.description}</p>
            <p className="muted">Created {formatDateTime(c.createdAt)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
