import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { Link } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import type { Loaded } from '../lib/use-load';
import { shortId } from './submission-actions';
import { ageText, isStale } from './time';

type Worker = Schema<'QueueWorkerDto'>;

/** "none", "all", or the GPU names of the last heartbeat when the worker is running something. */
export function gpuText(w: Worker): string {
  const live = w.currentRun?.gpus;
  if (live && live.length) {
    return live.join(', ');
  }
  return w.gpus;
}

export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Workers connected to a queue: who, where, which GPUs, what they run now and how fresh its heartbeat is. */
export function WorkersTable({ workers, caption }: { workers: Loaded<Worker[]>; caption: string }) {
  const [now, setNow] = useState(() => Date.now());
  // Ages tick on screen; the list itself is refreshed by its owner.
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);
  if (workers.loading && !workers.data) {
    return <Loading />;
  }
  if (workers.error) {
    return <ErrorMessage error={workers.error} />;
  }
  const list = workers.data ?? [];
  if (!list.length) {
    return <p className="muted">No worker is connected.</p>;
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col">Host</th>
            <th scope="col">GPUs</th>
            <th scope="col">Connected</th>
            <th scope="col">Current run</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col">Labels</th>
            <th scope="col">Version</th>
          </tr>
        </thead>
        <tbody>
          {list.map((w) => {
            const beat = w.currentRun?.lastHeartbeatAt;
            return (
              <tr key={w.name}>
                <th scope="row">{w.name}</th>
                <td>{w.hostname ?? '—'}</td>
                <td>{gpuText(w)}</td>
                <td title={formatDateTime(w.connectedSince)}>{ageText(w.connectedSince, now)}</td>
                <td>
                  {w.currentRun ? (
                    <>
                      <Link to={`/submissions/${w.currentRun.submissionId}`}>
                        submission {shortId(w.currentRun.submissionId)}
                      </Link>
                      <span className="muted" title={formatDateTime(w.currentRun.startedAt)}>
                        {' '}
                        started {ageText(w.currentRun.startedAt, now)}
                      </span>
                    </>
                  ) : (
                    <span className="muted">idle</span>
                  )}
                </td>
                <td className={isStale(beat, now) ? 'stale' : undefined} title={formatDateTime(beat)}>
                  {w.currentRun ? ageText(beat, now) : '—'}
                  {isStale(beat, now) ? ' (late)' : ''}
                </td>
                <td>{labelsText(w.labels) || '—'}</td>
                <td>{w.version ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
