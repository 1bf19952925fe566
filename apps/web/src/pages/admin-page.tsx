import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { formatBytes, formatDateTime } from '../lib/dates';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from '../organizer/action-status';
import { WorkersTable } from '../organizer/queue-workers';
import { useAction } from '../organizer/use-action';

type AdminUser = Schema<'AdminUserDto'>;

function UsersSection() {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const users = useLoad(
    async () =>
      unwrap(await api.GET('/api/admin/users', { params: { query: { q: search || undefined, limit: 100 } } })),
    [search],
  );
  const action = useAction();
  const { user: me } = useSession();

  const update = (u: AdminUser, patch: Schema<'UpdateUserDto'>, done: string) =>
    void action
      .run(
        async () =>
          unwrap(await api.PATCH('/api/admin/users/{userId}', { params: { path: { userId: u.id } }, body: patch })),
        done,
      )
      .then(() => users.reload());

  return (
    <section aria-labelledby="admin-users">
      <h2 id="admin-users">Users</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input
          id="user-search"
          type="search"
          placeholder="Username or e-mail"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <ActionStatus action={action} />
      {users.loading && !users.data ? <Loading /> : <ErrorMessage error={users.error} />}
      {users.data && (
        <div className="table-wrap">
          <table data-testid="admin-users">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">E-mail</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Roles</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.username}
                    {u.identityProvider ? <span className="muted"> (identity provider)</span> : null}
                  </th>
                  <td>
                    {u.email}
                    {u.emailConfirmed ? '' : ' (unconfirmed)'}
                  </td>
                  <td>{formatDateTime(u.lastLoginAt)}</td>
                  <td>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={u.isOrganizer}
                        disabled={action.busy}
                        onChange={(e) =>
                          update(
                            u,
                            { isOrganizer: e.target.checked },
                            `${u.username}: organizer ${e.target.checked ? 'on' : 'off'}`,
                          )
                        }
                      />{' '}
                      Organizer
                    </label>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={u.isAdmin}
                        disabled={action.busy || u.id === me?.id}
                        onChange={(e) =>
                          update(
                            u,
                            { isAdmin: e.target.checked },
                            `${u.username}: admin ${e.target.checked ? 'on' : 'off'}`,
                          )
                        }
                      />{' '}
                      Admin
                    </label>
                  </td>
                  <td>
                    {u.disabledAt ? `Disabled ${formatDateTime(u.disabledAt)} ` : 'Active '}
                    {u.id !== me?.id && (
                      <button
                        type="button"
                        className="secondary"
                        disabled={action.busy}
                        onClick={() =>
                          update(
                            u,
                            { disabled: !u.disabledAt },
                            `${u.username} ${u.disabledAt ? 'enabled' : 'disabled'}`,
                          )
                        }
                      >
                        {u.disabledAt ? 'Enable' : 'Disable'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CompetitionsSection() {
  const list = useLoad(
    async () => unwrap(await api.GET('/api/admin/competitions', { params: { query: { limit: 200 } } })),
    [],
  );
  return (
    <section aria-labelledby="admin-competitions">
      <h2 id="admin-competitions">Competitions</h2>
      {list.loading && !list.data ? <Loading /> : <ErrorMessage error={list.error} />}
      {list.data && (
        <div className="table-wrap">
          <table data-testid="admin-competitions">
            <thead>
              <tr>
                <th scope="col">Competition</th>
                <th scope="col">State</th>
                <th scope="col">Owner</th>
                <th scope="col">Participants</th>
                <th scope="col">Submissions</th>
                <th scope="col">Storage</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/organize/competitions/${c.id}`}>{c.title}</Link>
                  </th>
                  <td>
                    {c.visibility}
                    {c.archivedAt ? ', archived' : ''}
                  </td>
                  <td>{c.ownerUsername}</td>
                  <td>{c.participants}</td>
                  <td>{c.submissions}</td>
                  <td>
                    {formatBytes(c.submissionBytes)} submissions, {formatBytes(c.datasetBytes)} programs and data
                  </td>
                  <td>{formatDateTime(c.lastActivityAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function StorageSection() {
  const report = useLoad(async () => unwrap(await api.GET('/api/admin/storage')), []);
  const action = useAction();
  const cleanup = () =>
    void action
      .run(
        async () => unwrap(await api.POST('/api/admin/storage/cleanup', { body: {} })),
        (r) => `Removed ${r.removedObjects} object(s), ${formatBytes(r.removedBytes)}`,
      )
      .then(() => report.reload());
  const r = report.data;
  return (
    <section aria-labelledby="admin-storage">
      <h2 id="admin-storage">Storage</h2>
      {report.loading && !r ? <Loading /> : <ErrorMessage error={report.error} />}
      {r && (
        <>
          <p data-testid="storage-total">
            {r.objects} stored objects, {formatBytes(r.bytes)}:{' '}
            {r.byKind.map((k) => `${k.kind} ${formatBytes(k.bytes)} (${k.objects})`).join(', ')}.
          </p>
          <p data-testid="storage-orphans">
            {r.orphanObjects} object(s) no row names, older than {r.graceHours} hours: {formatBytes(r.orphanBytes)}.
            {r.pendingDeletions ? ` ${r.pendingDeletions} deletion(s) waiting for the store.` : ''}
          </p>
          <div className="actions">
            <button type="button" disabled={action.busy || (!r.orphanObjects && !r.pendingDeletions)} onClick={cleanup}>
              Remove them
            </button>
          </div>
        </>
      )}
      <ActionStatus action={action} />
    </section>
  );
}

function WorkersSection() {
  const workers = useLoad(async () => unwrap(await api.GET('/api/queues/default/workers')), []);
  return (
    <section aria-labelledby="admin-workers">
      <h2 id="admin-workers">Workers of the platform queue</h2>
      <div className="actions">
        <button type="button" className="secondary" onClick={workers.reload}>
          Refresh
        </button>
      </div>
      <WorkersTable workers={workers} caption="Workers of the platform queue" />
    </section>
  );
}

/** Platform administration: users, every competition, storage and the default queue's workers (admins only). */
export function AdminPage() {
  const { user } = useSession();
  if (user && !user.isAdmin) {
    return (
      <>
        <h1>Administration</h1>
        <p className="error" role="alert">
          Only platform admins see this page.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Administration</h1>
      <UsersSection />
      <CompetitionsSection />
      <StorageSection />
      <WorkersSection />
    </>
  );
}
