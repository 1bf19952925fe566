import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, type Schema, unwrap } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { usePageTitle } from '../lib/page-title';
import { useLoad } from '../lib/use-load';

/** The signed-in user's account: profile, API tokens for the CLI and scripts, password, mail preferences. */
export function AccountPage() {
  usePageTitle('Account');
  const me = useLoad(async () => unwrap(await api.GET('/api/auth/me')), []);
  if (me.error) {
    return <ErrorMessage error={me.error} />;
  }
  if (!me.data) {
    return <Loading />;
  }
  const m = me.data;
  return (
    <>
      <h1>Account</h1>
      <section aria-labelledby="profile-title" className="card">
        <h2 id="profile-title">Profile</h2>
        <dl data-testid="profile">
          <dt>Username</dt>
          <dd>{m.username}</dd>
          <dt>Email</dt>
          <dd>
            {m.email} {m.emailConfirmed ? '(confirmed)' : '(not confirmed yet)'}
          </dd>
          {m.isAdmin && (
            <>
              <dt>Role</dt>
              <dd>Platform administrator</dd>
            </>
          )}
        </dl>
      </section>
      <ApiTokens />
      <PasswordChange email={m.email} />
      <MailPreferences me={m} onChange={me.reload} />
    </>
  );
}

function ApiTokens() {
  const ids = { name: useId(), days: useId() };
  const tokens = useLoad(async () => unwrap(await api.GET('/api/auth/tokens')), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<Schema<'CreatedApiTokenDto'>>();
  const [error, setError] = useState<unknown>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const body = { name: name.trim(), ...(days ? { expiresInDays: Number(days) } : {}) };
      setCreated(unwrap(await api.POST('/api/auth/tokens', { body })));
      setName('');
      setDays('');
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(t: Schema<'ApiTokenDto'>) {
    if (!window.confirm(`Revoke the token "${t.name}"? Scripts that use it stop working.`)) {
      return;
    }
    setError(undefined);
    try {
      unwrap(await api.DELETE('/api/auth/tokens/{id}', { params: { path: { id: t.id } } }));
      if (created?.id === t.id) {
        setCreated(undefined);
      }
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="tokens-title" className="card">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        For the <code>arena</code> command line and scripts: <code>arena login --token &lt;token&gt;</code>, or send it
        as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {created && (
        <div role="status" data-testid="new-token">
          <p>
            <strong>Your new token &quot;{created.name}&quot;.</strong> Copy it now: it is shown only once.
          </p>
          <p className="token-once" data-testid="new-token-value">
            {created.token}
          </p>
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => void navigator.clipboard?.writeText(created.token)}
            >
              Copy
            </button>
            <button type="button" className="secondary" onClick={() => setCreated(undefined)}>
              I copied it
            </button>
          </div>
        </div>
      )}
      <form onSubmit={(e) => void create(e)}>
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          type="text"
          required
          maxLength={100}
          placeholder="e.g. laptop CLI"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor={ids.days}>Expires after (days, optional)</label>
        <input id={ids.days} type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        <p className="help">Leave empty for a token that does not expire.</p>
        <div className="actions">
          <button type="submit">Create a token</button>
        </div>
      </form>
      <ErrorMessage error={error ?? tokens.error} />
      {tokens.data &&
        (tokens.data.length === 0 ? (
          <p className="muted">No API tokens yet.</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="tokens">
              <caption className="muted">Your live tokens (the tokens themselves are never shown again)</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.name}</th>
                    <td>{formatDateTime(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                    <td>{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</td>
                    <td>
                      <button type="button" className="secondary" onClick={() => void revoke(t)}>
                        Revoke {t.name}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** The API changes a password through its reset link (which also signs every session out): sent to the account's mail. */
function PasswordChange({ email }: { email: string }) {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();
  async function send() {
    setError(undefined);
    try {
      unwrap(await api.POST('/api/auth/password-reset', { body: { email } }));
      setSent(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section aria-labelledby="password-title" className="card">
      <h2 id="password-title">Password</h2>
      <p>To change your password, we mail a link to {email}; setting the new password signs out every session.</p>
      {sent ? (
        <p role="status" data-testid="password-link-sent">
          The link is on its way to {email}. It works for an hour.
        </p>
      ) : (
        <div className="row">
          <button type="button" className="secondary" onClick={() => void send()}>
            Mail me a link to change my password
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function MailPreferences({ me, onChange }: { me: Schema<'MeDto'>; onChange(): void }) {
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  // Shown as chosen at once; put back if the API refuses.
  const [on, setOn] = useState(me.notifySubmissions);
  async function set(notifySubmissions: boolean) {
    setError(undefined);
    setSaved(false);
    setOn(notifySubmissions);
    try {
      unwrap(await api.PUT('/api/auth/me/mail-preferences', { body: { notifySubmissions } }));
      setSaved(true);
      onChange();
    } catch (err) {
      setOn(!notifySubmissions);
      setError(err);
    }
  }
  return (
    <section aria-labelledby="mail-title" className="card">
      <h2 id="mail-title">Mail</h2>
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={on} onChange={(e) => void set(e.target.checked)} />
        Mail me when one of my submissions finishes or fails
      </label>
      {saved && (
        <p role="status" className="muted">
          Saved.
        </p>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
