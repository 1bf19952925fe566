import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ChartCanvas } from '../components/chart-canvas';
import { DownloadButton } from '../components/download-button';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { useLoad } from '../lib/use-load';
import { CompetitionQueueStatus } from './competition-queue-status';

type Insight = Schema<'InsightDto'>;
type Distribution = Schema<'DistributionDto'>;

const ACCENT = '#1f6fd1';
const FAILED = '#b3261e';

/** A competition's activity for its organizers: the figures of GET /insight as charts, each with its table. */
export function InsightPage() {
  const { competitionId = '' } = useParams();
  const insight = useLoad(
    async () =>
      unwrap(await api.GET('/api/competitions/{competitionId}/insight', { params: { path: { competitionId } } })),
    [competitionId],
  );
  if (insight.loading && !insight.data) {
    return <Loading />;
  }
  return (
    <>
      <h1>Insight</h1>
      <p className="row">
        <Link to={`/organize/competitions/${competitionId}`}>Back to the competition</Link>
        <DownloadButton
          path={`/api/competitions/${competitionId}/insight/export`}
          filename={`competition-${competitionId}-insight.csv`}
          label="Download CSV"
        />
      </p>
      <ErrorMessage error={insight.error} />
      {/* A refused caller (a participant) reads one refusal, not a second one from the queue's section. */}
      {insight.data && <InsightView insight={insight.data} />}
      {insight.data && <CompetitionQueueStatus competitionId={competitionId} />}
    </>
  );
}

function InsightView({ insight: i }: { insight: Insight }) {
  const t = i.totals;
  const perDay = useMemo(
    (): ChartConfiguration<'bar'> => ({
      type: 'bar',
      data: {
        labels: i.submissionsPerDay.map((d) => d.day),
        datasets: [
          {
            label: 'Scored or pending',
            data: i.submissionsPerDay.map((d) => d.submissions - d.failed),
            backgroundColor: ACCENT,
          },
          { label: 'Failed', data: i.submissionsPerDay.map((d) => d.failed), backgroundColor: FAILED },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
    }),
    [i],
  );
  const failures = useMemo(
    (): ChartConfiguration<'bar'> => ({
      type: 'bar',
      data: {
        labels: i.failures.map((f) => f.cause),
        datasets: [{ label: 'Failed submissions', data: i.failures.map((f) => f.count), backgroundColor: FAILED }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } },
    }),
    [i],
  );
  return (
    <>
      <dl className="insight-totals" data-testid="insight-totals">
        <div>
          <dt>Submissions</dt>
          <dd>{t.submissions}</dd>
        </div>
        <div>
          <dt>Active participants</dt>
          <dd>{t.activeParticipants}</dd>
        </div>
        <div>
          <dt>Active teams</dt>
          <dd>{t.activeTeams}</dd>
        </div>
        <div>
          <dt>Active in the last 7 days</dt>
          <dd>{t.activeLast7Days}</dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>{t.registered}</dd>
        </div>
      </dl>

      <section aria-labelledby="per-day">
        <h2 id="per-day">Submissions per day</h2>
        {i.submissionsPerDay.length ? (
          <>
            <ChartCanvas config={perDay} label="Submissions per day, failed ones apart" testId="chart-per-day" />
            <details>
              <summary>Figures ({i.timeZone})</summary>
              <FigureTable
                caption="Submissions per day"
                head={['Day', 'Submissions', 'Failed', 'Submitters']}
                rows={i.submissionsPerDay.map((d) => [d.day, d.submissions, d.failed, d.submitters])}
                testId="per-day-table"
              />
            </details>
          </>
        ) : (
          <p className="muted">No submissions yet.</p>
        )}
      </section>

      <section aria-labelledby="failures">
        <h2 id="failures">Failures by cause</h2>
        {i.failures.length ? (
          <>
            <ChartCanvas config={failures} label="Failed submissions by cause" testId="chart-failures" />
            <FigureTable
              caption="Failures by cause"
              head={['Cause', 'Submissions']}
              rows={i.failures.map((f) => [f.cause, f.count])}
              testId="failures-table"
            />
          </>
        ) : (
          <p className="muted">No failures.</p>
        )}
      </section>

      <DistributionSection
        id="queue-wait"
        title="Queue wait"
        what="from a run's creation to its start"
        d={i.queueWait}
      />
      <DistributionSection id="run-time" title="Run time" what="time on the worker" d={i.runTime} />

      <section aria-labelledby="progress">
        <h2 id="progress">Best score over time</h2>
        {i.scoreProgress.map((p) => (
          <ScoreProgress key={`${p.phaseId}:${p.board}`} progress={p} />
        ))}
      </section>
    </>
  );
}

function DistributionSection({ id, title, what, d }: { id: string; title: string; what: string; d: Distribution }) {
  const config = useMemo(
    (): ChartConfiguration<'bar'> => ({
      type: 'bar',
      data: {
        labels: d.histogram.map((b) =>
          b.toSec === null ? `≥ ${seconds(b.fromSec)}` : `${seconds(b.fromSec)}–${seconds(b.toSec)}`,
        ),
        datasets: [{ label: 'Runs', data: d.histogram.map((b) => b.count), backgroundColor: ACCENT }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    }),
    [d],
  );
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="muted">({what})</span>
      </h2>
      {d.count ? (
        <>
          <FigureTable
            caption={`${title} percentiles`}
            head={['Runs', 'Median', '90th percentile', '99th percentile', 'Longest']}
            rows={[[d.count, fmt(d.p50), fmt(d.p90), fmt(d.p99), fmt(d.max)]]}
            testId={`${id}-table`}
          />
          <ChartCanvas config={config} label={`${title}: runs per duration bucket`} testId={`chart-${id}`} />
        </>
      ) : (
        <p className="muted">No runs yet.</p>
      )}
    </section>
  );
}

function ScoreProgress({ progress: p }: { progress: Schema<'ScoreProgressDto'> }) {
  const config = useMemo(
    (): ChartConfiguration<'line'> => ({
      type: 'line',
      data: {
        labels: p.points.map((x) => formatDateTime(x.at)),
        datasets: [{ label: p.title, data: p.points.map((x) => x.best), borderColor: ACCENT, stepped: true }],
      },
      options: { scales: { y: { reverse: p.sorting === 'asc' } } },
    }),
    [p],
  );
  const last = p.points.at(-1);
  return (
    <div data-testid={`progress-${p.phaseId}`}>
      <h3>
        {p.phaseName}: {p.title}
      </h3>
      {last ? (
        <>
          <p>
            Best so far: <strong>{last.best}</strong> (since {formatDateTime(last.at)}, {p.points.length} new best(s))
          </p>
          <ChartCanvas config={config} label={`Best ${p.title} on ${p.phaseName} over time`} />
        </>
      ) : (
        <p className="muted">No scored entry yet.</p>
      )}
    </div>
  );
}

function FigureTable({
  caption,
  head,
  rows,
  testId,
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
  testId: string;
}) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, n) => (
            <tr key={n}>
              {r.map((c, k) => (
                <td key={k}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function seconds(s: number): string {
  return s >= 3600 ? `${s / 3600} h` : s >= 60 ? `${s / 60} min` : `${s} s`;
}

function fmt(v: number | null): string {
  if (v === null) {
    return '-';
  }
  return v >= 60 ? `${(v / 60).toFixed(1)} min` : `${v.toFixed(1)} s`;
}
