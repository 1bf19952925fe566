import { useEffect, useState } from 'react';
import { fetchText } from '../lib/download';
import { DownloadButton } from './download-button';
import { ErrorMessage } from './error-message';
import { SandboxedHtml } from './sandboxed-html';

/** Outputs and logs to download, the stored logs, and the detailed results page in a sandboxed frame. */
export function SubmissionFiles({ submissionId }: { submissionId: string }) {
  const base = `/api/submissions/${encodeURIComponent(submissionId)}`;
  const [stdout, setStdout] = useState<string | null>();
  const [detailed, setDetailed] = useState<string | null>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    // A 403 (hidden by the phase) or 404 (nothing stored) just leaves the section out.
    fetchText(`${base}/logs/stdout`).then(setStdout, () => setStdout(null));
    fetchText(`${base}/detailed-results`).then(setDetailed, (e: unknown) => {
      setDetailed(null);
      if (!/^40[34]/.test(e instanceof Error ? e.message : '')) {
        setError(e);
      }
    });
  }, [base]);

  return (
    <>
      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <div className="row">
          <DownloadButton path={`${base}/output`} filename={`output-${submissionId}.zip`} label="Download output" />
          <DownloadButton
            path={`${base}/logs/stdout`}
            filename={`stdout-${submissionId}.txt`}
            label="Download stdout"
          />
          <DownloadButton
            path={`${base}/logs/stderr`}
            filename={`stderr-${submissionId}.txt`}
            label="Download stderr"
          />
        </div>
        {stdout && (
          <>
            <h3>Scoring output</h3>
            <pre className="logs" tabIndex={0} aria-label="Scoring output">
              {stdout}
            </pre>
          </>
        )}
      </section>
      {detailed && (
        <section aria-labelledby="detailed-title">
          <h2 id="detailed-title">Detailed results</h2>
          <SandboxedHtml html={detailed} title="Detailed results" />
        </section>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
