import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router-dom';
import { CancelSubmission } from '../components/cancel-submission';
import { DeleteSubmission } from '../components/delete-submission';
import { ErrorPage, isUuid } from '../components/error-page';
import { FailureText } from '../components/failure-text';
import { LeaderboardPicks } from '../components/leaderboard-picks';
import { LiveLogs } from '../components/live-logs';
import { Loading } from '../components/loading';
import { StatusBadge } from '../components/status-badge';
import { SubmissionFiles } from '../components/submission-files';
import { SubmissionMetadataView } from '../components/submission-metadata-view';
import { runTime } from '../components/submission-table';
import { api, unwrap } from '../lib/api';
import { formatBytes, formatDateTime, formatDuration } from '../lib/dates';
import { isHeld } from '../lib/held-runs';
import { formatColumnScore, scoreColumns } from '../lib/score-columns';
import { usePageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';

const ENDED = ['finished', 'failed', 'cancelled'];

export function SubmissionPage() {
  const { submissionId = '' } = useParams();
  const { user } = useSession();
  const path = { params: { path: { id: submissionId } } };
  const submission = useLoad(async () => unwrap(await api.GET('/api/submissions/{id}', path)), [submissionId]);
  const s = submission.data;
  const ended = s ? ENDED.includes(s.status) : false;
  // Once followed live, the output stays on screen after the run ends.
  const followed = useRef(false);
  if (s && !ended) {
    followed.current = true;
  }
  const competition = useLoad(
    async () =>
      s ? unwrap(await api.GET('/api/competitions/{id}', { params: { path: { id: s.competitionId } } })) : undefined,
    [s?.competitionId],
  );
  const queue = useLoad(
    async () =>
      s?.status === 'queued' || s?.status === 'submitted'
        ? unwrap(await api.GET('/api/submissions/{id}/queue-position', path))
        : undefined,
    [submissionId, s?.status],
  );

  // The live stream announces the end; polling as well covers a stream that dropped.
  useEffect(() => {
    if (!s || ended) {
      return;
    }
    const timer = setInterval(submission.reload, 3000);
    return () => clearInterval(timer);
  }, [s, ended, submission.reload]);

  const phase = competition.data?.phases.find((p) => p.id === s?.phaseId);
  usePageTitle(s && 'Submission', phase?.name, competition.data?.title);

  if (!isUuid(submissionId)) {
    return <ErrorPage what="submission" />;
  }
  if (submission.error && !s) {
    return <ErrorPage what="submission" error={submission.error} status={submission.errorStatus} />;
  }
  if (!s) {
    return <Loading />;
  }
  // Titled, ordered and rounded as on the leaderboards and in "My submissions" (lib/score-columns).
  const scores = scoreColumns(competition.data?.leaderboards, [s]);
  // What the scoring program wrote beside the columns (details, per-case lists): one block per run that has some.
  const extra = (s.runs ?? []).filter((r) => r.extraScores && Object.keys(r.extraScores).length > 0);

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/">Competitions</Link>
          </li>
          <li>
            <Link to={`/competitions/${s.competitionId}`}>{competition.data?.title ?? 'Competition'}</Link>
          </li>
          <li>
            <Link to={`/competitions/${s.competitionId}/submissions`}>{phase?.name ?? 'Phase'}</Link>
          </li>
          <li aria-current="page">Submission</li>
        </ol>
      </nav>
      <h1>Submission{phase ? ` to ${phase.name}` : ''}</h1>
      <p>
        <Link to={`/competitions/${s.competitionId}/phases/${s.phaseId}/submit`}>My submissions to this phase</Link> ·{' '}
        <Link to={`/competitions/${s.competitionId}/phases/${s.phaseId}/leaderboard`}>Leaderboard</Link>
      </p>
      <dl className="card">
        <dt>Status</dt>
        <dd data-testid="submission-status">
          <StatusBadge status={s.status} />
          {isHeld(s) ? (
            <span data-testid="held"> — waiting for the organizers to run it</span>
          ) : (
            typeof queue.data?.position === 'number' && <> — {queue.data.position} ahead in the queue</>
          )}
        </dd>
        {s.submitter && (
          <>
            {/* Another participant reading a public submission of an anonymous competition gets pseudonyms here. */}
            <dt>Submitted by</dt>
            <dd data-testid="submitter">
              {s.submitter}
              {s.teamName ? ` for ${s.teamName}` : ''}
            </dd>
          </>
        )}
        {s.description && (
          <>
            <dt>Description</dt>
            <dd>{s.description}</dd>
          </>
        )}
        <dt>Submitted</dt>
        <dd>{formatDateTime(s.createdAt)}</dd>
        {s.finishedAt && (
          <>
            <dt>Finished</dt>
            <dd>{formatDateTime(s.finishedAt)}</dd>
          </>
        )}
        <dt>Size</dt>
        <dd>{formatBytes(s.fileSize)}</dd>
        <dt>Run time</dt>
        <dd>{formatDuration(runTime(s))}</dd>
        {s.failureMessage && (
          <>
            <dt>Failure</dt>
            <dd>
              <FailureText message={s.failureMessage} />
            </dd>
          </>
        )}
      </dl>
      {scores.length > 0 && (
        <section aria-labelledby="scores-title">
          <h2 id="scores-title">Scores</h2>
          <div className="table-wrap">
            <table data-testid="scores">
              <thead>
                <tr>
                  <th scope="col">Score</th>
                  <th scope="col" className="num">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody>
                {scores.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{c.title}</th>
                    <td className="num">{formatColumnScore(s.scores?.[c.key], c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {extra.length > 0 && (
        <section aria-labelledby="extra-title">
          <h2 id="extra-title">Other output of the scoring program</h2>
          <p className="muted">What the scoring program wrote beside the leaderboard&apos;s scores, as it wrote it.</p>
          {extra.map((r) => (
            <pre key={r.id} className="logs" data-testid="extra-scores">
              {JSON.stringify(r.extraScores, null, 2)}
            </pre>
          ))}
        </section>
      )}
      <SubmissionMetadataView metadata={s.metadata} />
      {s.status === 'finished' && competition.data && user && s.submitter === user.username && (
        <LeaderboardPicks
          submissionId={s.id}
          phaseId={s.phaseId}
          locked={competition.data.options.disallowLeaderboardModifying}
        />
      )}
      {!ended && <CancelSubmission submissionId={s.id} onCancelled={submission.reload} />}
      {(!ended || followed.current) && (
        <LiveLogs submissionId={s.id} onStart={submission.reload} onEnd={submission.reload} />
      )}
      {ended && <SubmissionFiles submissionId={s.id} />}
      {ended && user && s.submitter === user.username && !competition.data?.archivedAt && (
        <DeleteSubmission submissionId={s.id} backTo={`/competitions/${s.competitionId}`} />
      )}
    </>
  );
}
