import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { DownloadButton } from '../components/download-button';
import { ErrorMessage } from '../components/error-message';
import { api, unwrap } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { useAction } from './use-action';

const DEFAULT = 'default';

/** Which queue runs this competition's submissions, and the bundle export (full, or light with dataset keys). */
export function ExportQueueSection({ competition }: { competition: Competition }) {
  const selectId = useId();
  const queues = useLoad(async () => unwrap(await api.GET('/api/queues')), []);
  const [choice, setChoice] = useState(competition.organizerSettings?.queueId ?? DEFAULT);
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const queueId = choice === DEFAULT ? null : choice;
    await action.run(
      async () =>
        unwrap(
          await api.PUT('/api/competitions/{id}/queue', {
            params: { path: { id: competition.id } },
            body: { queueId },
          }),
        ),
      queueId ? 'Submissions from now on go to the chosen queue.' : 'Submissions from now on go to the platform queue.',
    );
  }

  return (
    <>
      <h2>Queue</h2>
      <p className="muted">
        New submissions are sent to this queue; its workers run them. Manage queues and see their workers on the{' '}
        <Link to="/organize/queues">queues page</Link>.
      </p>
      <ErrorMessage error={queues.error} />
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={selectId}>Queue for submissions</label>
        <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value={DEFAULT}>Platform default queue</option>
          {(queues.data ?? []).map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
              {q.requiresGpu ? ' (GPU)' : ''}
              {q.isOwner ? '' : ' (shared with you)'}
            </option>
          ))}
        </select>
        <div className="actions">
          <button type="submit" disabled={action.busy}>
            Use this queue
          </button>
        </div>
        <ActionStatus action={action} />
      </form>

      <h2>Export</h2>
      <p className="muted">
        A version 2 bundle that can be uploaded again here or elsewhere. The light one names datasets by key.
      </p>
      <div className="row">
        <DownloadButton
          path={`/api/competitions/${competition.id}/bundle`}
          filename={`competition-${competition.id}.zip`}
          label="Download bundle"
        />
        <DownloadButton
          path={`/api/competitions/${competition.id}/bundle?light=true`}
          filename={`competition-${competition.id}-light.zip`}
          label="Download light bundle"
        />
      </div>
    </>
  );
}
