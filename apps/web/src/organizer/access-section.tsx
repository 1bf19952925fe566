import { useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { useAction } from './use-action';

type Visibility = Schema<'SetCompetitionVisibilityDto'>['visibility'];

const VISIBILITIES: { value: Visibility; label: string; help: string }[] = [
  { value: 'draft', label: 'Draft', help: 'Only the organizers see it: try it out before anyone comes.' },
  {
    value: 'unlisted',
    label: 'Unlisted',
    help: 'Whoever has its secret link sees it and may register; it is in no list or search.',
  },
  { value: 'public', label: 'Public', help: 'Everyone sees it, signed in or not.' },
  {
    value: 'private',
    label: 'Private',
    help: 'Invited and approved participants only, and the people the join rules admit.',
  },
];

/** One entry a line: e-mail domains, identity-provider groups, invited addresses. */
const lines = (text: string) =>
  text
    .split(/[\n,;]+/)
    .map((l) => l.trim())
    .filter(Boolean);

function VisibilityForm({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const access = competition.access!;
  const [visibility, setVisibility] = useState<Visibility>(access.visibility);
  // The saved value comes back with the reload after a save: the choice follows it while the form (and its notice,
  // "Visibility: public") stays mounted. Keying the form by the visibility remounted it on that reload and dropped the
  // notice a moment after it appeared (a browser test missed it in a full run).
  useEffect(() => setVisibility(access.visibility), [access.visibility]);
  const action = useAction();
  const link = `${window.location.origin}/competitions/${competition.id}?key=${access.accessKey}`;
  const save = () =>
    void action
      .run(
        async () =>
          unwrap(
            await api.PUT('/api/competitions/{id}/visibility', {
              params: { path: { id: competition.id } },
              body: { visibility },
            }),
          ),
        (r) => `Visibility: ${r.visibility}`,
      )
      .then((ok) => ok && onChanged());
  const rotate = () =>
    void action
      .run(
        async () =>
          unwrap(await api.POST('/api/competitions/{id}/access-key', { params: { path: { id: competition.id } } })),
        'A new secret link; the old one no longer works',
      )
      .then((ok) => ok && onChanged());
  return (
    <section aria-labelledby="visibility-title">
      <h2 id="visibility-title">Who sees it</h2>
      <fieldset>
        <legend className="visually-hidden">Visibility</legend>
        {VISIBILITIES.map((v) => (
          <label key={v.value} className="checkbox">
            <input
              type="radio"
              name="visibility"
              value={v.value}
              checked={visibility === v.value}
              onChange={() => setVisibility(v.value)}
              data-testid={`visibility-${v.value}`}
            />{' '}
            <strong>{v.label}</strong> <span className="muted">{v.help}</span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" disabled={action.busy || visibility === access.visibility} onClick={save}>
          Save visibility
        </button>
      </div>
      {access.visibility === 'unlisted' && (
        <>
          <p>
            Secret link: <code data-testid="secret-link">{link}</code>
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(link)}>
              Copy the link
            </button>
            <button type="button" className="secondary" disabled={action.busy} onClick={rotate}>
              Make a new link
            </button>
          </div>
        </>
      )}
      <ActionStatus action={action} />
    </section>
  );
}

function JoinRulesForm({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const ids = { domains: useId(), groups: useId() };
  const rules = competition.access!.joinRules;
  const [domains, setDomains] = useState(rules.emailDomains.join('\n'));
  const [groups, setGroups] = useState(rules.idpGroups.join('\n'));
  const action = useAction();
  const save = () =>
    void action
      .run(
        async () =>
          unwrap(
            await api.PUT('/api/competitions/{id}/join-rules', {
              params: { path: { id: competition.id } },
              body: { emailDomains: lines(domains), idpGroups: lines(groups) },
            }),
          ),
        'Join rules saved',
      )
      .then((ok) => ok && onChanged());
  return (
    <section aria-labelledby="join-title">
      <h2 id="join-title">Who may register</h2>
      <p className="muted">
        Empty: anyone who sees the competition. Otherwise confirmed addresses at one of these domains, or members of one
        of these groups of the identity provider. Invitations admit whoever they name.
      </p>
      <label htmlFor={ids.domains}>E-mail domains (one a line)</label>
      <textarea id={ids.domains} rows={3} value={domains} onChange={(e) => setDomains(e.target.value)} />
      <label htmlFor={ids.groups}>Identity-provider groups (one a line)</label>
      <textarea id={ids.groups} rows={3} value={groups} onChange={(e) => setGroups(e.target.value)} />
      <div className="actions">
        <button type="button" disabled={action.busy} onClick={save}>
          Save join rules
        </button>
      </div>
      <ActionStatus action={action} />
    </section>
  );
}

function Invitations({ competition }: { competition: Competition }) {
  const ids = { emails: useId(), message: useId() };
  const [emails, setEmails] = useState('');
  const [message, setMessage] = useState('');
  const list = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/competitions/{competitionId}/invitations', {
          params: { path: { competitionId: competition.id } },
        }),
      ),
    [competition.id],
  );
  const action = useAction();
  const send = () =>
    void action
      .run(
        async () =>
          unwrap(
            await api.POST('/api/competitions/{competitionId}/invitations', {
              params: { path: { competitionId: competition.id } },
              body: { emails: lines(emails), ...(message.trim() ? { message: message.trim() } : {}) },
            }),
          ),
        (sent) => `${sent.length} invitation(s) sent`,
      )
      .then((ok) => {
        if (ok) {
          setEmails('');
        }
        list.reload();
      });
  const revoke = (id: string) =>
    void action
      .run(
        async () =>
          unwrap(
            await api.DELETE('/api/competitions/{competitionId}/invitations/{invitationId}', {
              params: { path: { competitionId: competition.id, invitationId: id } },
            }),
          ),
        'Invitation revoked',
      )
      .then(() => list.reload());
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">Invitations</h2>
      <label htmlFor={ids.emails}>E-mail addresses (one a line)</label>
      <textarea id={ids.emails} rows={3} value={emails} onChange={(e) => setEmails(e.target.value)} />
      <label htmlFor={ids.message}>A word in the mail (optional)</label>
      <textarea id={ids.message} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />
      <div className="actions">
        <button type="button" disabled={action.busy || !lines(emails).length} onClick={send}>
          Send invitations
        </button>
      </div>
      <ActionStatus action={action} />
      {list.loading && !list.data ? <Loading /> : <ErrorMessage error={list.error} />}
      {list.data?.length ? (
        <div className="table-wrap">
          <table data-testid="invitations">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                <th scope="col">Sent</th>
                <th scope="col" className="visually-hidden">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  <td>
                    {i.status}
                    {i.acceptedBy ? ` by ${i.acceptedBy}` : ''}
                  </td>
                  <td>{formatDateTime(i.createdAt)}</td>
                  <td>
                    {i.status === 'pending' && (
                      <button type="button" className="secondary" disabled={action.busy} onClick={() => revoke(i.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ArchiveAndDelete({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const navigate = useNavigate();
  const { user } = useSession();
  const confirmId = useId();
  const [typed, setTyped] = useState('');
  const action = useAction();
  const archived = Boolean(competition.access!.archivedAt);
  const toggle = () =>
    void action
      .run(
        async () =>
          unwrap(
            archived
              ? await api.DELETE('/api/competitions/{id}/archive', { params: { path: { id: competition.id } } })
              : await api.POST('/api/competitions/{id}/archive', { params: { path: { id: competition.id } } }),
          ),
        archived ? 'Active again' : 'Archived: read-only',
      )
      .then((ok) => ok && onChanged());
  const remove = () =>
    void action
      .run(async () => {
        const r = await api.DELETE('/api/competitions/{id}', { params: { path: { id: competition.id } } });
        if (!r.response.ok) {
          throw new Error((r.error as { message?: string } | undefined)?.message ?? `${r.response.status}`);
        }
      })
      .then((ok) => ok && navigate('/organize'));
  return (
    <section aria-labelledby="archive-title">
      <h2 id="archive-title">Archive or delete</h2>
      <p className="muted">
        Archived, it is read-only: its boards and results stay, it takes no submission, registration or edit.
      </p>
      <div className="actions">
        <button type="button" className="secondary" disabled={action.busy} onClick={toggle}>
          {archived ? 'Unarchive' : 'Archive'}
        </button>
      </div>
      {user && (
        <>
          <p className="muted">
            Deleting removes it with its submissions, results and files for good (its creator or an admin only; not
            while a submission is being scored).
          </p>
          <label htmlFor={confirmId}>Type its title to delete it</label>
          <input id={confirmId} type="text" value={typed} onChange={(e) => setTyped(e.target.value)} />
          <div className="actions">
            <button type="button" disabled={action.busy || typed !== competition.title} onClick={remove}>
              Delete the competition
            </button>
          </div>
        </>
      )}
      <ActionStatus action={action} />
    </section>
  );
}

/** Visibility and secret link, join rules, invitations, archiving and deletion. */
export function AccessSection({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  if (!competition.access) {
    return <Loading />;
  }
  return (
    <>
      <VisibilityForm competition={competition} onChanged={onChanged} />
      <JoinRulesForm competition={competition} onChanged={onChanged} />
      <Invitations competition={competition} />
      <ArchiveAndDelete competition={competition} onChanged={onChanged} />
    </>
  );
}
