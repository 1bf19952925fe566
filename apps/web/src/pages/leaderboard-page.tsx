import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { LeaderboardTable } from '../components/leaderboard-table';
import { Loading } from '../components/loading';
import { ScoreChart } from '../components/score-chart';
import { api, type Schema, unwrap } from '../lib/api';
import { usePageTitle } from '../lib/page-title';
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
  usePageTitle('Leaderboard', phase?.name, competition.data?.title);

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
      {boards.data?.leaderboards.map((b) => (
        <Board
          key={b.key}
          phaseId={phaseId}
          board={b}
          signedIn={!!user}
          // CodaLab hide_chart: participants get no chart; organizers still do.
          chart={!!competition.data && (!competition.data.options.hideChart || competition.data.isOrganizer)}
        />
      ))}
    </>
  );
}

type Row = Schema<'LeaderboardDto'>['rows'][number];

/** The caller's rows in a "my rank" answer: their submissions, and the names (pseudonyms) they appear under. */
function ownRows(me: Schema<'MyRankDto'> | undefined): { mineIds: Set<string>; myNames: Set<string> } {
  const mine = (me?.rows ?? []).filter((r) => r.mine);
  return { mineIds: new Set(mine.map((r) => r.submissionId)), myNames: new Set(mine.map((r) => r.participant)) };
}

function Board({
  phaseId,
  board,
  signedIn,
  chart,
}: {
  phaseId: string;
  board: Schema<'LeaderboardDto'>;
  signedIn: boolean;
  chart: boolean;
}) {
  const me = useLoad(
    async () =>
      signedIn
        ? unwrap(
            await api.GET('/api/phases/{phaseId}/leaderboards/{key}/me', {
              params: { path: { phaseId, key: board.key } },
            }),
          )
        : undefined,
    [phaseId, board.key, signedIn],
  );
  const { mineIds, myNames } = ownRows(me.data);
  // Board pages are the same for every participant: the caller's rows are those "my rank" marks, and on an anonymous
  // board every row under their pseudonym (an entrant may have several rows, beyond the neighbours asked for).
  const isMine = (r: Row) => mineIds.has(r.submissionId) || (board.anonymous && myNames.has(r.participant));
  const primary = board.columns.find((c) => c.key === board.primaryKey);
  const pseudonym = [...myNames][0];
  return (
    <section aria-labelledby={`board-${board.key}`}>
      <h2 id={`board-${board.key}`}>{board.title}</h2>
      {/* While scores are hidden the board says so (LeaderboardTable); "not on this board yet" would mislead a
          participant whose submissions are scored but not shown. */}
      {me.data && !board.resultsHidden && (
        <p data-testid={`my-rank-${board.key}`}>
          {me.data.rank !== null
            ? `Your rank: ${me.data.rank} of ${me.data.total}`
            : 'You are not on this leaderboard yet.'}
        </p>
      )}
      {board.anonymous && (
        <p className="muted" data-testid={`anonymous-${board.key}`}>
          {board.rows.some((r) => r.pseudonym)
            ? 'Anonymous leaderboard: participants see each entrant under the pseudonym shown beside its name.'
            : `Anonymous leaderboard: entrants are shown under pseudonyms${pseudonym ? `; yours is ${pseudonym}` : ''}.`}
        </p>
      )}
      <LeaderboardTable board={board} isMine={isMine} />
      {chart && <ScoreChart phaseId={phaseId} boardKey={board.key} precision={primary?.precision} />}
    </section>
  );
}
