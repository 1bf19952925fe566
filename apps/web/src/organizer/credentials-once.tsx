import { useId, useState } from 'react';
import type { Schema } from '../lib/api';

/** Copies text; a browser without clipboard access (no HTTPS, denied) just leaves the text selectable. */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function Secret({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<boolean>();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} readOnly rows={value.length > 120 ? 4 : 2} value={value} onFocus={(e) => e.target.select()} />
      <div className="row">
        <button type="button" className="secondary" onClick={() => void copy(value).then(setCopied)}>
          Copy {label.toLowerCase()}
        </button>
        <span role="status" aria-live="polite">
          {copied === true ? 'Copied.' : copied === false ? 'Copy failed: select the text and copy it yourself.' : ''}
        </span>
      </div>
    </div>
  );
}

/**
 * A queue's broker URL and worker command, which the API returns only when they are issued (create, rotate). The
 * warning is the point: there is no way to read them again, only to rotate.
 */
export function CredentialsOnce({
  credentials,
  onDismiss,
  level = 2,
}: {
  credentials: Schema<'QueueCredentialsDto'>;
  onDismiss(): void;
  /** Heading level where it appears: 2 on the page, 4 inside a queue's card. */
  level?: 2 | 4;
}) {
  const Heading = level === 2 ? 'h2' : 'h4';
  return (
    <section
      className="secret"
      role="alert"
      aria-labelledby={`creds-${credentials.id}`}
      data-testid="queue-credentials"
    >
      <Heading id={`creds-${credentials.id}`}>Credentials for {credentials.name}</Heading>
      <p>
        <strong>Copy them now: they will not be shown again.</strong> If you lose them, rotate the credentials to get
        new ones.
      </p>
      <Secret label="Broker URL (AMQP_URL)" value={credentials.brokerUrl} />
      <Secret label="Worker command" value={credentials.workerCommand} />
      <div className="row">
        <button type="button" onClick={onDismiss}>
          I have copied them
        </button>
      </div>
    </section>
  );
}
