import { useEffect } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { QueueStatusTable } from '../components/queue-status-table';
import { api, unwrap } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { usePageTitle } from '../lib/page-title';
import { useLoad } from '../lib/use-load';

/** How often the page asks again (the API serves one answer to everyone for 5 s). */
const REFRESH_MS = 15_000;

/** The platform's public queues now: anyone may look, before submitting, at how long scoring takes. */
export function StatusPage() {
  usePageTitle('Status');
  const status = useLoad(async () => unwrap(await api.GET('/api/status')), []);
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  if (status.loading && !status.data) {
    return <Loading />;
  }
  return (
    <>
      <h1>Status</h1>
      <ErrorMessage error={status.error} />
      {status.data && (
        <>
          <QueueStatusTable queues={status.data.queues} caption="Scoring queues" />
          <p className="muted" role="status">
            As of {formatDateTime(status.data.generatedAt)}; refreshed every {REFRESH_MS / 1000} s. Competitions with a
            queue of their own show it to their organizers on their Insight page.
          </p>
        </>
      )}
    </>
  );
}
