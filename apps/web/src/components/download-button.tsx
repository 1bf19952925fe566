import { useState } from 'react';
import { downloadFile } from '../lib/download';
import { ErrorMessage } from './error-message';

/** A button that downloads an authenticated file (outputs, logs, exports). */
export function DownloadButton({ path, filename, label }: { path: string; filename: string; label: string }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <span className="download">
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          downloadFile(path, filename)
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {label}
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}
