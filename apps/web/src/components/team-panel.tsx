import { useId, useState, type FormEvent } from 'react';
import { api, type Schema, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { teamStatusText } from '../lib/team-status';
import { useLoad } from '../lib/use-load';
import { ErrorMessage } from './error-message';
import { Loading } from './loading';

type Competition = Schema<'CompetitionDto'>;
type Team = Schema<'TeamDto'>;

/**
 * The caller's team in a competition that has teams (CodaLab enable_teams): where it stands (pending or denied teams
 * cannot submit as a team), its members, invitations to accept, and a form to found one. Nothing but a line where the
 * competition has no teams: participants then take part on their own.
 */
export function TeamPanel({ competition, registered }: { competition: Competition; registered: boolean }) {
  if (!competition.options.enableTeams) {
    return (
      <section aria-labelledby="team-title">
        <h2 id="team-title">Teams</h2>
        <p className="muted" data-testid="no-teams">
          This competition has no teams: participants take part on their own.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">Team</h2>
      {registered ? <MyTeam competition={competition} /> : <p className="muted">Register to form or join a team.</p>}
    </section>
  );
}

function MyTeam({ competition }: { competition: Competition }) {
  const competitionId = competition.id;
  const mine = useLoad(
    async () =>
      unwrap(await api.GET('/api/competitions/{competitionId}/teams/mine', { params: { path: { competitionId } } })),
    [competitionId],
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      mine.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (mine.error && !mine.data) {
    return <ErrorMessage error={mine.error} />;
  }
  if (!mine.data) {
    return <Loading />;
  }
  const { team, invitations } = mine.data;
  return (
    <>
      {team ? (
        <TeamCard team={team} busy={busy} act={act} />
      ) : (
        <CreateTeam competition={competition} busy={busy} act={act} />
      )}
      {invitations.length > 0 && (
        <>
          <h3>Invitations</h3>
          <ul>
            {invitations.map((t) => (
              <li key={t.id} className="row">
                <span>Team {t.name} invites you.</span>
                <button
                  type="button"
                  disabled={busy || Boolean(team)}
                  onClick={() =>
                    void act(async () =>
                      unwrap(await api.POST('/api/teams/{teamId}/accept', { params: { path: { teamId: t.id } } })),
                    )
                  }
                >
                  Join {t.name}
                </button>
                <DeclineButton team={t} busy={busy} act={act} />
              </li>
            ))}
          </ul>
          {team && <p className="muted">Leave your team first to join another.</p>}
        </>
      )}
      <ErrorMessage error={error} />
    </>
  );
}

type Act = (work: () => Promise<unknown>) => Promise<void>;

function DeclineButton({ team, busy, act }: { team: Team; busy: boolean; act: Act }) {
  const { user } = useSession();
  if (!user) {
    return null;
  }
  return (
    <button
      type="button"
      className="secondary"
      disabled={busy}
      onClick={() =>
        void act(async () =>
          unwrap(
            await api.DELETE('/api/teams/{teamId}/members/{userId}', {
              params: { path: { teamId: team.id, userId: user.id } },
            }),
          ),
        )
      }
    >
      Decline {team.name}
    </button>
  );
}

function TeamCard({ team, busy, act }: { team: Team; busy: boolean; act: Act }) {
  const { user } = useSession();
  const inviteId = useId();
  const [username, setUsername] = useState('');
  const captain = user?.id === team.captainId;
  const statusClass = team.status === 'approved' ? 'finished' : team.status === 'pending' ? 'queued' : 'failed';

  async function invite(e: FormEvent) {
    e.preventDefault();
    await act(async () => {
      unwrap(
        await api.POST('/api/teams/{teamId}/invitations', {
          params: { path: { teamId: team.id } },
          body: { username: username.trim() },
        }),
      );
      setUsername('');
    });
  }

  return (
    <div className="card" data-testid="my-team">
      <h3>
        {team.name} <span className={`status status-${statusClass}`}>{team.status}</span>
      </h3>
      <p role="status" data-testid="team-status">
        {teamStatusText(team.name, team.status)}
      </p>
      <ul>
        {team.members.map((m) => (
          <li key={m.userId}>
            {m.username}
            {m.userId === team.captainId ? ' (captain)' : ''}
            {m.status === 'invited' ? ' (invited)' : ''}
          </li>
        ))}
      </ul>
      {captain ? (
        <form onSubmit={(e) => void invite(e)}>
          <label htmlFor={inviteId}>Invite a participant (username)</label>
          <input id={inviteId} type="text" required value={username} onChange={(e) => setUsername(e.target.value)} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              Invite
            </button>
          </div>
        </form>
      ) : (
        user && (
          <div className="row">
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(`Leave team ${team.name}?`)) {
                  return;
                }
                void act(async () =>
                  unwrap(
                    await api.DELETE('/api/teams/{teamId}/members/{userId}', {
                      params: { path: { teamId: team.id, userId: user.id } },
                    }),
                  ),
                );
              }}
            >
              Leave {team.name}
            </button>
          </div>
        )
      )}
    </div>
  );
}

function CreateTeam({ competition, busy, act }: { competition: Competition; busy: boolean; act: Act }) {
  const nameId = useId();
  const [name, setName] = useState('');
  async function create(e: FormEvent) {
    e.preventDefault();
    await act(async () =>
      unwrap(
        await api.POST('/api/competitions/{competitionId}/teams', {
          params: { path: { competitionId: competition.id } },
          body: { name: name.trim() },
        }),
      ),
    );
  }
  return (
    <form onSubmit={(e) => void create(e)} data-testid="create-team">
      <p className="muted">
        You take part on your own.
        {competition.options.requireTeamApproval ? ' A new team submits as a team once the organizers approve it.' : ''}
      </p>
      <label htmlFor={nameId}>Team name</label>
      <input
        id={nameId}
        type="text"
        required
        minLength={2}
        maxLength={80}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Create team
        </button>
      </div>
    </form>
  );
}
