import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { useAction } from './use-action';

type Team = Schema<'TeamDto'>;

const STATUS_CLASS: Record<string, string> = { approved: 'finished', pending: 'queued', denied: 'failed' };

/**
 * Every team with its members and approval status (CodaLab require_team_approval): approve a team so it may submit
 * as a team, or deny it (its members then submit on their own only).
 */
export function TeamsSection({ competition }: { competition: Competition }) {
  const competitionId = competition.id;
  const list = useLoad(
    async () =>
      unwrap(await api.GET('/api/competitions/{competitionId}/teams', { params: { path: { competitionId } } })),
    [competitionId],
  );
  const action = useAction();

  async function decide(team: Team, decision: 'approve' | 'deny') {
    if (decision === 'deny' && !window.confirm(`Deny team ${team.name}? Its members then submit on their own only.`)) {
      return;
    }
    const path = { params: { path: { teamId: team.id } } };
    const ok = await action.run(
      async () =>
        unwrap(
          decision === 'approve'
            ? await api.POST('/api/teams/{teamId}/approve', path)
            : await api.POST('/api/teams/{teamId}/deny', path),
        ),
      `Team ${team.name} ${decision === 'approve' ? 'approved' : 'denied'}.`,
    );
    if (ok) {
      list.reload();
    }
  }

  const teams = list.data ?? [];
  const pending = teams.filter((t) => t.status === 'pending').length;
  return (
    <>
      <h2>Teams</h2>
      <p className="muted" data-testid="teams-mode">
        {!competition.options.enableTeams
          ? 'Teams are off: participants take part on their own (Settings: “Participants may form teams”).'
          : competition.options.requireTeamApproval
            ? 'A new team submits as a team once you approve it.'
            : 'New teams are approved automatically.'}
        {pending ? ` ${pending} waiting.` : ''}
      </p>
      <ActionStatus action={action} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && !teams.length ? <p className="muted">No teams.</p> : null}
      {teams.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Teams of {competition.title}</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Status</th>
                <th scope="col">Members</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => (
                <tr key={t.id} data-testid={`team-${t.name}`}>
                  <th scope="row">{t.name}</th>
                  <td>
                    <span className={`status status-${STATUS_CLASS[t.status] ?? 'queued'}`}>{t.status}</span>
                  </td>
                  <td>
                    {t.members
                      .map(
                        (m) =>
                          `${m.username}${m.userId === t.captainId ? ' (captain)' : ''}${m.status === 'invited' ? ' (invited)' : ''}`,
                      )
                      .join(', ')}
                  </td>
                  <td>{formatDateTime(t.createdAt)}</td>
                  <td className="actions-cell">
                    <div className="row">
                      {t.status !== 'approved' && (
                        <button
                          type="button"
                          disabled={action.busy}
                          aria-label={`Approve team ${t.name}`}
                          onClick={() => void decide(t, 'approve')}
                        >
                          Approve
                        </button>
                      )}
                      {t.status !== 'denied' && (
                        <button
                          type="button"
                          className="danger"
                          disabled={action.busy}
                          aria-label={`Deny team ${t.name}`}
                          onClick={() => void decide(t, 'deny')}
                        >
                          Deny
                        </button>
                      )}
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
