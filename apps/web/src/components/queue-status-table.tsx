import type { Schema } from '../lib/api';

type QueueStatus = Schema<'QueueStatusDto'>;

/** Seconds as people read a wait: "12 s", "3.5 min"; '-' when no run started in the last hour. */
export function formatWait(sec: number | null): string {
  if (sec === null) {
    return '-';
  }
  return sec >= 90 ? `${(sec / 60).toFixed(1)} min` : `${sec.toFixed(sec < 10 ? 1 : 0)} s`;
}

/** Queues as a table: jobs waiting and running, workers online, the last hour's starts and median wait. */
export function QueueStatusTable({ queues, caption }: { queues: QueueStatus[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="queue-status">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Jobs waiting</th>
            <th scope="col">Jobs running</th>
            <th scope="col">Workers online</th>
            <th scope="col">Started in the last hour</th>
            <th scope="col">Median wait (last hour)</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.label}>
              <th scope="row">{q.label}</th>
              <td>{q.jobsWaiting}</td>
              <td>{q.jobsRunning}</td>
              <td>{q.workersOnline ?? 'unknown'}</td>
              <td>{q.startedLastHour}</td>
              <td>{formatWait(q.medianWaitSecLastHour)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
