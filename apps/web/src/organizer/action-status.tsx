import { ErrorMessage } from '../components/error-message';
import type { Action } from './use-action';
import { ProblemList } from './problem-list';

/** The outcome of an Action: the success notice (polite), the error (alert) and any bundle problems. */
export function ActionStatus({ action, refusedTitle = 'Refused' }: { action: Action; refusedTitle?: string }) {
  return (
    <>
      <p className="ok notice" role="status" aria-live="polite">
        {action.notice}
      </p>
      {action.refusal ? (
        <ProblemList refusal={action.refusal} title={refusedTitle} />
      ) : (
        <ErrorMessage error={action.error} />
      )}
    </>
  );
}
