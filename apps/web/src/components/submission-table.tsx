import { Link } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { formatDateTime, formatDuration } from '../lib/dates';
import { isHeld } from '../lib/held-runs';
import { formatColumnScore, scoreColumns } from '../lib/score-columns';
import { StatusBadge } from './status-badge';

type Submission = Schema<'SubmissionDto'>;

/** Run time of a submission: the sum of its runs' times, once any is known. */
export function runTime(s: Submission): number | null {
  const times = (s.runs ?? []).map((r) => r.elapsedMs).filter((t): t is number => t !== null);
  return times.length ? times.reduce((a, b) => a + b, 0) : null;
}

/**
 * The caller's submissions: status, scores, run time, each linking to its detail. Score columns are titled, ordered
 * and rounded as on the competition's leaderboards (`boards`; lib/score-columns).
 */
export function SubmissionTable({
  submissions,
  caption,
  boards,
}: {
  submissions: Submission[];
  caption: string;
  boards?: Parameters<typeof scoreColumns>[0];
}) {
  const columns = scoreColumns(boards, submissions);
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
            {columns.map((c) => (
              <th scope="col" key={c.key} className="num">
                {c.title}
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
              {columns.map((c) => (
                <td key={c.key} className="num">
                  {formatColumnScore(s.scores?.[c.key], c)}
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
