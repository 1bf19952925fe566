import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorMessage } from './error-message';
import { api } from '../lib/api';

/**
 * The submitter deletes an ended submission of theirs (and frees the storage it used), unless a leaderboard keeps it:
 * the API says which and why.
 */
export function DeleteSubmission({ submissionId, backTo }: { submissionId: string; backTo: string }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  async function remove() {
    setError(undefined);
    const r = await api.DELETE('/api/submissions/{id}', { params: { path: { id: submissionId } } });
    if (r.response.ok) {
      navigate(backTo);
    } else {
      setError((r.error as { message?: string } | undefined)?.message ?? `${r.response.status}`);
    }
  }
  return (
    <section aria-labelledby="delete-submission">
      <h2 id="delete-submission" className="visually-hidden">
        Delete
      </h2>
      {confirming ? (
        <p className="row">
          Delete this submission, its file, output and logs for good?{' '}
          <button type="button" onClick={() => void remove()}>
            Delete it
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </p>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Delete this submission
        </button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
