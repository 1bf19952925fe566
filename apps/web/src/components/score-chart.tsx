import { useEffect, useState } from 'react';
import { api, type Schema } from '../lib/api';
import { chartPath } from '../lib/chart';
import { formatDateTime } from '../lib/dates';
import { formatScore } from '../lib/leaderboard-view';

type History = Schema<'LeaderboardHistoryDto'>;

const W = 480;
const H = 160;

/**
 * The board's best score over time as a small line chart with a text summary; nothing when the API has no history
 * route or no points yet.
 */
export function ScoreChart({
  phaseId,
  boardKey,
  precision = 4,
}: {
  phaseId: string;
  boardKey: string;
  precision?: number;
}) {
  const [history, setHistory] = useState<History | null>(null);

  useEffect(() => {
    let live = true;
    setHistory(null);
    // A failure (older API, hidden board) just leaves the chart out.
    api.GET('/api/phases/{phaseId}/leaderboards/{key}/history', { params: { path: { phaseId, key: boardKey } } }).then(
      ({ data }) => live && setHistory(data ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [phaseId, boardKey]);

  if (!history?.points?.length) {
    return null;
  }
  const first = history.points[0];
  const last = history.points[history.points.length - 1];
  const n = history.points.length;
  const summary =
    n === 1
      ? `Best ${history.title}: ${formatScore(first.best, precision)} since ${formatDateTime(first.at)}.`
      : `Best ${history.title} went from ${formatScore(first.best, precision)} on ${formatDateTime(first.at)} to ${formatScore(
          last.best,
          precision,
        )} on ${formatDateTime(last.at)}, ${n} improvements.`;
  const path = chartPath(history.points, W, H);
  return (
    <figure className="chart" data-testid="score-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary}>
        <line className="axis" x1={8} y1={H - 8} x2={W - 8} y2={H - 8} />
        <line className="axis" x1={8} y1={8} x2={8} y2={H - 8} />
        <polyline className="line" points={path} />
        {path.split(' ').map((xy) => {
          const [cx, cy] = xy.split(',');
          return <circle key={xy} className="dot" cx={cx} cy={cy} r={3} />;
        })}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
