import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { LeaderboardTable } from '../components/leaderboard-table';
import { Loading } from '../components/loading';
import { ScoreChart } from '../components/score-chart';
import { api, type Schema, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';

/** Every leaderboard of the phase the caller may see, each with the caller's rank and the best-score chart. */
export function LeaderboardPage() {
  const { competitionId = '', phaseId = '' } = useParams();
  const { user } = useSession();
  const competition = useLoad(
    async () => unwrap(await api.GET('/api/competitions/{id}', { params: { path: { id: competitionId } } })),
    [competitionId],
  );
  const boards = useLoad(
    async () => unwrap(await api.GET('/api/phases/{phaseId}/leaderboard', { params: { path: { phaseId } } })),
    [phaseId, user?.id],
  );
  const phase = competition.data?.phases.find((p) => p.id === phaseId);

  return (
    <>
      <h1>Leaderboard{phase ? ` — ${phase.name}` : ''}</h1>
      {competition.data && (
        <p>
          <Link to={`/competitions/${competitionId}`}>{competition.data.title}</Link>
        </p>
      )}
      {boards.loading && !boards.data ? <Loading /> : null}
      <ErrorMessage error={boards.error} />
      {boards.data?.leaderboards.length === 0 && <p>No leaderboard to show.</p>}
      {boards.data?.leaderboards.map((b) => <Board key={b.key} phaseId={phaseId} board={b} signedIn={!!user} />)}
    </>
  );
}

function Board({ phaseId, board, signedIn }: { phaseId: string; board: Schema<'LeaderboardDto'>; signedIn: boolean }) {
  const me = useLoad(
    async () =>
      signedIn
        ? unwrap(await api.GET('/api/phases/{phaseId}/leaderboards/{key}/me', { params: { path: { phaseId, key: board.key } } }))
        : undefined,
    [phaseId, board.key, signedIn],
  );
  const myRow = me.data?.rows.find((r) => r.position === me.data?.position);
  const primary = board.columns.find((c) => c.key === board.primaryKey);
  return (
    <section aria-labelledby={`board-${board.key}`}>
      <h2 id={`board-${board.key}`}>{board.title}</h2>
      {me.data && (
        <p data-testid={`my-rank-${board.key}`}>
          {me.data.rank !== null ? `Your rank: ${me.data.rank} of ${me.data.total}` : 'You are not on this leaderboard yet.'}
        </p>
      )}
      <LeaderboardTable board={board} mySubmissionId={myRow?.submissionId} />
      <ScoreChart phaseId={phaseId} boardKey={board.key} precision={primary?.precision} />
    </section>
  );
}
