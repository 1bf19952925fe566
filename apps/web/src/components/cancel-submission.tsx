import { useState } from 'react';
import { api, unwrap } from '../lib/api';
import { ErrorMessage } from './error-message';

/** Stops a queued or running submission (a running container stops at the worker's next heartbeat). */
export function CancelSubmission({ submissionId, onCancelled }: { submissionId: string; onCancelled(): void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="row">
      <button
        type="button"
        className="secondary"
        disabled={busy}
        onClick={() => {
          if (!window.confirm('Cancel this submission?')) {
            return;
          }
          setBusy(true);
          setError(undefined);
          api
            .POST('/api/submissions/{id}/cancel', { params: { path: { id: submissionId } } })
            .then((r) => unwrap(r))
            .then(onCancelled, setError)
            .finally(() => setBusy(false));
        }}
      >
        Cancel submission
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
