import { ErrorMessage } from '../components/error-message';
import { formatWait, QueueStatusTable } from '../components/queue-status-table';
import { api, unwrap } from '../lib/api';
import { useLoad } from '../lib/use-load';

/** The competition's queue now, for its organizers: the whole queue's load and this competition's share of it. */
export function CompetitionQueueStatus({ competitionId }: { competitionId: string }) {
  const status = useLoad(
    async () =>
      unwrap(await api.GET('/api/competitions/{competitionId}/status', { params: { path: { competitionId } } })),
    [competitionId],
  );
  const q = status.data?.queue;
  return (
    <section aria-labelledby="queue-now">
      <h2 id="queue-now">Queue now</h2>
      <ErrorMessage error={status.error} />
      {q && (
        <>
          <QueueStatusTable
            queues={[{ ...q, label: q.platformQueue ? 'Platform queue' : q.queueName }]}
            caption="The queue this competition's jobs go to"
          />
          <p data-testid="competition-queue-share">
            This competition: {q.competitionJobsWaiting} waiting, {q.competitionJobsRunning} running, median wait{' '}
            {formatWait(q.competitionMedianWaitSecLastHour)} over the last hour.
          </p>
        </>
      )}
    </section>
  );
}
