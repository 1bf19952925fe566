import { Link } from 'react-router-dom';
import { api, type Schema, unwrap } from '../lib/api';
import { featuredBoard, podium } from '../lib/competition-facts';
import { formatScore } from '../lib/leaderboard-view';
import { currentPhase } from '../lib/phase-facts';
import { useLoad } from '../lib/use-load';
import { ErrorMessage } from './error-message';
import { ScoreChart } from './score-chart';

type Competition = Schema<'CompetitionDto'>;

const PLACES = ['1st', '2nd', '3rd'];

/**
 * CodaLab's competition-page results: the top three of the current phase's first board and the chart of its best
 * score over time, each unless the competition hides it (hide_top_three, hide_chart). Organizers still see both,
 * told that participants do not.
 */
export function TopThree({ competition: c }: { competition: Competition }) {
  const phase = currentPhase(c.phases);
  const board = featuredBoard(c.leaderboards);
  const showTop = !c.options.hideTopThree || c.isOrganizer;
  const showChart = !c.options.hideChart || c.isOrganizer;
  const rows = useLoad(
    async () =>
      phase && board && showTop
        ? unwrap(
            await api.GET('/api/phases/{phaseId}/leaderboards/{key}', {
              params: { path: { phaseId: phase.id, key: board.key }, query: { limit: 3 } },
            }),
          )
        : undefined,
    [phase?.id, board?.key, showTop],
  );
  if (!phase || !board || (!showTop && !showChart)) {
    return null;
  }
  const primary = rows.data?.columns.find((col) => col.key === rows.data?.primaryKey);

  return (
    <section aria-labelledby="results-title" data-testid="top-results">
      <h2 id="results-title">
        Results — {phase.name}, {board.title}
      </h2>
      {showTop && (
        <>
          <h3>Top three</h3>
          {c.options.hideTopThree && (
            <p className="muted" data-testid="top-three-hidden">
              Participants do not see the top three (the competition hides it).
            </p>
          )}
          <ErrorMessage error={rows.error} />
          {rows.data?.resultsHidden ? (
            <p className="muted">Scores are hidden until the organizers reveal them.</p>
          ) : rows.data ? (
            podium(rows.data.rows).length ? (
              <ol className="podium" data-testid="top-three">
                {podium(rows.data.rows).map((r) => (
                  <li key={r.submissionId}>
                    <span className="place">{PLACES[(r.rank ?? 1) - 1] ?? `${r.rank}th`}</span> {r.participant}
                    {primary && (
                      <div className="muted">
                        {primary.title}: {formatScore(r.scores[primary.key], primary.precision)}
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">No entries yet.</p>
            )
          ) : null}
        </>
      )}
      {showChart && (
        <>
          {c.options.hideChart && (
            <p className="muted" data-testid="chart-hidden">
              Participants do not see this chart (the competition hides it).
            </p>
          )}
          <ScoreChart phaseId={phase.id} boardKey={board.key} precision={primary?.precision} />
        </>
      )}
      <p>
        <Link to={`/competitions/${c.id}/phases/${phase.id}/leaderboard`}>Full leaderboard of {phase.name}</Link>
      </p>
    </section>
  );
}
