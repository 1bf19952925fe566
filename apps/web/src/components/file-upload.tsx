import { useId, useRef, useState } from 'react';
import { uploadResumable, type UploadProgress } from '../lib/chunked-upload';
import { formatBytes } from '../lib/dates';
import { zipProblem } from '../lib/zip-check';
import type { UploadPurpose } from '../lib/upload-plan';
import { ErrorMessage } from './error-message';

interface Props {
  label: string;
  purpose: UploadPurpose;
  accept?: string;
  /** Called with the completed upload's id; the caller then creates the submission or competition from it. */
  onUploaded(uploadId: string, file: File): Promise<void> | void;
  submitLabel?: string;
  /** Checks the rest of the form before any byte is sent; what it throws is shown instead of uploading. */
  beforeUpload?(file: File): void;
}

/**
 * Choose a file, send it in resumable parts with a progress bar, then hand the upload id over. Choosing the same
 * file again after a failure continues where it stopped.
 */
export function FileUpload({
  label,
  purpose,
  accept = '.zip,application/zip',
  onUploaded,
  submitLabel = 'Upload',
  beforeUpload,
}: Props) {
  const inputId = useId();
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<UploadProgress>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController>(undefined);

  async function start() {
    if (!file) {
      return;
    }
    setError(undefined);
    // A file that is not a zip is refused here, before a byte is sent (and with no upload to resume).
    const problem = accept.includes('zip') ? await zipProblem(file) : undefined;
    if (problem) {
      setProgress(undefined);
      setError(problem);
      return;
    }
    setBusy(true);
    abort.current = new AbortController();
    try {
      beforeUpload?.(file);
      const id = await uploadResumable(file, purpose, setProgress, abort.current.signal);
      await onUploaded(id, file);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const percent = progress && progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return (
    <div className="file-upload">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="file"
        accept={accept}
        disabled={busy}
        onChange={(e) => {
          setFile(e.target.files?.[0]);
          setProgress(undefined);
          setError(undefined);
        }}
      />
      <div className="row">
        <button type="button" onClick={() => void start()} disabled={!file || busy}>
          {error && progress ? 'Resume' : submitLabel}
        </button>
        {busy && (
          <button type="button" className="secondary" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        )}
      </div>
      {progress && (
        <div className="progress" data-testid="upload-progress">
          <progress max={100} value={percent} aria-label={`Upload of ${file?.name ?? 'file'}`} />
          <span role="status" aria-live="polite">
            {progress.phase === 'done'
              ? 'Uploaded'
              : progress.phase === 'completing'
                ? 'Finishing…'
                : `${percent}% (${formatBytes(progress.sent)} of ${formatBytes(progress.total)})`}
            {progress.phase === 'retrying' && ` — connection lost, retrying (${progress.retryReason ?? ''})`}
          </span>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
