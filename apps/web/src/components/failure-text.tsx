import { splitFailure } from '../lib/failure-text';

/** A run's failure: the cause as a sentence, then the log it quotes in a scrolling monospace block. */
export function FailureText({ message }: { message: string }) {
  const { cause, log } = splitFailure(message);
  return (
    <div data-testid="failure">
      <p className="error failure-message">{cause}</p>
      {log && (
        <pre className="traceback" data-testid="failure-log" tabIndex={0} role="region" aria-label="Log of the failure">
          {log}
        </pre>
      )}
    </div>
  );
}
