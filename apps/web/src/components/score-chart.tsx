import { useEffect, useState } from 'react';
import { api, type Schema } from '../lib/api';
import { chartLayout, improvementsText, tickDecimals } from '../lib/chart';
import { formatDateTime } from '../lib/dates';
import { formatScore } from '../lib/leaderboard-view';

type History = Schema<'LeaderboardHistoryDto'>;

const W = 480;
const H = 200;
/** Room for the y values on the left and the dates below. */
const BOX = { width: W, height: H, left: 56, right: 12, top: 12, bottom: 28 };

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
  const points = history.points;
  const first = points[0];
  const last = points[points.length - 1];
  const n = points.length;
  const better = history.sorting === 'asc' ? 'lower is better' : 'higher is better';
  const summary =
    n === 1
      ? `Best ${history.title}: ${formatScore(first.best, precision)} since ${formatDateTime(first.at)} (${better}).`
      : `Best ${history.title} went from ${formatScore(first.best, precision)} on ${formatDateTime(first.at)} to ${formatScore(
          last.best,
          precision,
        )} on ${formatDateTime(last.at)}, ${improvementsText(n)} (${better}).`;
  const layout = chartLayout(points, BOX, Math.max(Date.now(), new Date(last.at).getTime()))!;
  const decimals = Math.max(tickDecimals(layout.yTicks.map((t) => t.value)), 0);
  const plotRight = W - BOX.right;
  const plotBottom = H - BOX.bottom;
  return (
    <figure className="chart" data-testid="score-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary}>
        {layout.yTicks.map((t) => (
          <g key={t.value} className="tick">
            <line className="grid" x1={BOX.left} y1={t.y} x2={plotRight} y2={t.y} />
            <text x={BOX.left - 6} y={t.y} textAnchor="end" dominantBaseline="middle">
              {t.value.toFixed(decimals)}
            </text>
          </g>
        ))}
        <line className="axis" x1={BOX.left} y1={plotBottom} x2={plotRight} y2={plotBottom} />
        <line className="axis" x1={BOX.left} y1={BOX.top} x2={BOX.left} y2={plotBottom} />
        {layout.xTicks.map((t, i) => (
          <text
            key={t.at}
            className="tick"
            x={t.x}
            y={plotBottom + 16}
            textAnchor={layout.xTicks.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}
          >
            {i === layout.xTicks.length - 1 && layout.xTicks.length > 1 ? 'now' : formatDay(t.at)}
          </text>
        ))}
        <polyline className="line" points={layout.line} />
        {layout.dots.map((d) => (
          <circle key={`${d.point.at}-${d.x}`} className="dot" cx={d.x} cy={d.y} r={4}>
            <title>{`${formatScore(d.point.best, precision)} on ${formatDateTime(d.point.at)}`}</title>
          </circle>
        ))}
        {n === 1 && (
          <text className="value" x={layout.dots[0].x + 8} y={layout.dots[0].y - 8}>
            {formatScore(first.best, precision)}
          </text>
        )}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

/** An x axis end: the day, without the time (the caption and the dots' tooltips give the exact time). */
function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
