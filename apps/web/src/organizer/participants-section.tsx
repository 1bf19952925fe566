import { useId, useState } from 'react';
import { DownloadButton } from '../components/download-button';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { matchesSearch } from '../lib/search';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { decisionDone, decisionsFor, type Decision } from './participant-decisions';
import { useAction } from './use-action';

type Participant = Schema<'ParticipantDto'>;
type Status = Participant['status'];
const STATUSES: Status[] = ['pending', 'approved', 'denied', 'banned'];

/** Registrations: approve, deny, ban or unban each; filter by status or name; export as CSV. */
export function ParticipantsSection({ competition }: { competition: Competition }) {
  const ids = { status: useId(), search: useId() };
  const [status, setStatus] = useState<Status | ''>('');
  const [query, setQuery] = useState('');
  const list = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/competitions/{competitionId}/participants', {
          params: { path: { competitionId: competition.id }, query: { status: status || undefined, limit: 500 } },
        }),
      ),
    [competition.id, status],
  );
  const action = useAction();

  async function decide(p: Participant, decision: Decision) {
    if (decision === 'ban' && !window.confirm(`Ban ${p.username}? They can no longer submit or leave.`)) {
      return;
    }
    if (
      decision === 'deny' &&
      !window.confirm(
        p.status === 'approved'
          ? `Deny ${p.username}? They can no longer submit to ${competition.title}.`
          : `Deny ${p.username}'s registration?`,
      )
    ) {
      return;
    }
    const ok = await action.run(
      async () =>
        unwrap(
          await api.POST('/api/competitions/{competitionId}/participants/{userId}/{decision}', {
            params: { path: { competitionId: competition.id, userId: p.userId, decision } },
          }),
        ),
      `${p.username}: ${decisionDone(decision)}.`,
    );
    if (ok) {
      list.reload();
    }
  }

  const shown = (list.data ?? []).filter((p) => matchesSearch(query, [p.username]));
  const pending = (list.data ?? []).filter((p) => p.status === 'pending').length;
  return (
    <>
      <h2>Participants</h2>
      <p className="muted">
        {competition.registrationAutoApprove
          ? 'Registrations are approved automatically.'
          : 'Registrations wait for your approval.'}
        {pending ? ` ${pending} waiting.` : ''}
      </p>
      <div className="org-grid">
        <div>
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.search}>Search participants</label>
          <input id={ids.search} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      </div>
      <div className="row">
        <DownloadButton
          path={`/api/competitions/${competition.id}/participants/export`}
          filename="participants.csv"
          label="Export participants (CSV)"
        />
      </div>
      <ActionStatus action={action} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && !shown.length ? <p className="muted">No participants.</p> : null}
      {shown.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Participants of {competition.title}</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Status</th>
                <th scope="col">Registered</th>
                <th scope="col">Terms accepted</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.userId} data-testid={`participant-${p.username}`}>
                  <th scope="row">{p.username}</th>
                  <td>
                    <span
                      className={`status status-${p.status === 'approved' ? 'finished' : p.status === 'pending' ? 'queued' : 'failed'}`}
                    >
                      {p.status}
                    </span>
                  </td>
                  <td>{formatDateTime(p.registeredAt)}</td>
                  <td>{formatDateTime(p.termsAcceptedAt)}</td>
                  <td className="actions-cell">
                    <div className="row">
                      {decisionsFor(p.status).map((d) => (
                        <button
                          key={d.decision}
                          type="button"
                          className={d.danger ? 'danger' : d.decision === 'approve' ? undefined : 'secondary'}
                          disabled={action.busy}
                          aria-label={`${d.label} ${p.username}`}
                          onClick={() => void decide(p, d.decision)}
                        >
                          {d.label}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
