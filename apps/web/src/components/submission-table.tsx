import { Link } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { formatDateTime, formatDuration } from '../lib/dates';
import { isHeld } from '../lib/held-runs';
import { formatScore } from '../lib/leaderboard-view';
import { StatusBadge } from './status-badge';

type Submission = Schema<'SubmissionDto'>;

/** Run time of a submission: the sum of its runs' times, once any is known. */
export function runTime(s: Submission): number | null {
  const times = (s.runs ?? []).map((r) => r.elapsedMs).filter((t): t is number => t !== null);
  return times.length ? times.reduce((a, b) => a + b, 0) : null;
}

/** The caller's submissions: status, scores, run time, each linking to its detail. */
export function SubmissionTable({ submissions, caption }: { submissions: Submission[]; caption: string }) {
  const scoreKeys = [...new Set(submissions.flatMap((s) => Object.keys(s.scores ?? {})))];
  if (!submissions.length) {
    return <p className="muted">No submissions yet.</p>;
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Description</th>
            <th scope="col">Status</th>
            {scoreKeys.map((k) => (
              <th scope="col" key={k} className="num">
                {k}
              </th>
            ))}
            <th scope="col" className="num">
              Run time
            </th>
          </tr>
        </thead>
        <tbody>
          {submissions.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/submissions/${s.id}`}>{formatDateTime(s.createdAt)}</Link>
              </td>
              <td>{s.description}</td>
              <td>
                <StatusBadge status={s.status} />
                {isHeld(s) && <span className="muted"> waiting for the organizers</span>}
              </td>
              {scoreKeys.map((k) => (
                <td key={k} className="num">
                  {formatScore(s.scores?.[k], 4)}
                </td>
              ))}
              <td className="num">{formatDuration(runTime(s))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
