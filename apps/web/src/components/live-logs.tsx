import { useEffect, useRef, useState } from 'react';
import { followEvents } from '../lib/sse';
import { ErrorMessage } from './error-message';

interface LogLine {
  stream: string;
  text: string;
}

interface Props {
  submissionId: string;
  /** The first line arrived: the run has started. */
  onStart?: () => void;
  onEnd?: (status: string) => void;
}

/**
 * A submission's output as the worker sends it (`log` events {runId, stream, text}, then `end` {status}), shown as
 * text. Calls onEnd once the run is over so the page can reload the submission.
 */
export function LiveLogs({ submissionId, onStart, onEnd }: Props) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [ended, setEnded] = useState<string>();
  const [error, setError] = useState<unknown>();
  const callbacks = useRef({ onStart, onEnd });
  callbacks.current = { onStart, onEnd };
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    setLines([]);
    setEnded(undefined);
    let started = false;
    followEvents(
      `/api/submissions/${encodeURIComponent(submissionId)}/logs/live`,
      (e) => {
        let data: { stream?: string; text?: string; status?: string };
        try {
          data = JSON.parse(e.data) as typeof data;
        } catch {
          return;
        }
        if (e.event === 'log') {
          setLines((l) => [...l, { stream: data.stream ?? 'stdout', text: data.text ?? '' }]);
          if (!started) {
            callbacks.current.onStart?.();
          }
          started = true;
        }
        if (e.event === 'end') {
          setEnded(data.status ?? 'ended');
          callbacks.current.onEnd?.(data.status ?? 'ended');
        }
      },
      abort.signal,
    ).catch((e: unknown) => setError(e));
    return () => abort.abort();
  }, [submissionId]);

  useEffect(() => {
    if (box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [lines]);

  return (
    <section aria-labelledby="live-logs-title" className="live-logs">
      <h3 id="live-logs-title">Live output</h3>
      <pre ref={box} tabIndex={0} aria-live="polite" aria-label="Program output" data-testid="live-logs">
        {lines.map((l, i) => (
          <span key={i} className={l.stream === 'stderr' ? 'stderr' : undefined}>
            {l.text}
          </span>
        ))}
      </pre>
      <p className="muted" role="status">
        {ended ? `Run ended: ${ended}` : lines.length ? 'Receiving output…' : 'Waiting for output…'}
      </p>
      <ErrorMessage error={error} />
    </section>
  );
}
