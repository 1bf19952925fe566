import { useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { formatBytes } from '../lib/dates';
import { phaseColorClass } from '../lib/phase-facts';
import { downloadPhaseFile, isWebAddress, loadPhaseFiles, type PhaseFile } from '../lib/phase-files';
import { useLoad } from '../lib/use-load';
import { ErrorMessage } from './error-message';
import { Loading } from './loading';

interface Props {
  phases: Schema<'PhaseDto'>[];
  /** Reloads the listing when the caller signs in or their registration changes. */
  viewer: string;
  signedIn: boolean;
}

/** The files each phase offers (public data, starting kit, ...), one tab per phase (WAI-ARIA tabs pattern). */
export function PhaseFiles({ phases, viewer, signedIn }: Props) {
  const [selected, setSelected] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!phases.length) {
    return null;
  }
  const current = Math.min(selected, phases.length - 1);
  const select = (i: number) => {
    const next = (i + phases.length) % phases.length;
    setSelected(next);
    tabs.current[next]?.focus();
  };

  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">Files</h2>
      <div
        className="tabs"
        role="tablist"
        aria-label="Files of each phase"
        onKeyDown={(e) => {
          const moves: Record<string, number> = {
            ArrowRight: current + 1,
            ArrowLeft: current - 1,
            Home: 0,
            End: phases.length - 1,
          };
          if (e.key in moves) {
            e.preventDefault();
            select(moves[e.key]);
          }
        }}
      >
        {phases.map((p, i) => (
          <button
            key={p.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`files-tab-${i}`}
            aria-selected={i === current}
            aria-controls="files-panel"
            className={phaseColorClass(p.color)}
            tabIndex={i === current ? 0 : -1}
            onClick={() => setSelected(i)}
          >
            {p.name || `Phase ${p.index}`}
          </button>
        ))}
      </div>
      <div id="files-panel" role="tabpanel" aria-labelledby={`files-tab-${current}`} tabIndex={0}>
        <PhaseFileList phaseId={phases[current].id} viewer={viewer} signedIn={signedIn} />
      </div>
    </section>
  );
}

function PhaseFileList({ phaseId, viewer, signedIn }: { phaseId: string; viewer: string; signedIn: boolean }) {
  const location = useLocation();
  const answer = useLoad(() => loadPhaseFiles(phaseId), [phaseId, viewer]);
  if (answer.error) {
    return <ErrorMessage error={answer.error} />;
  }
  if (!answer.data) {
    return <Loading />;
  }
  if (answer.data.kind === 'refused') {
    return (
      <p className="muted" role="status">
        {answer.data.status === 401 || !signedIn ? (
          <>
            <Link to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>Sign in</Link> and register for this
            competition to download its files.
          </>
        ) : (
          <>The files are for approved participants of this competition ({answer.data.message}).</>
        )}
      </p>
    );
  }
  const { files } = answer.data.listing;
  if (!files.length) {
    return <p className="muted">This phase offers no files.</p>;
  }
  const counts = files.some((f) => f.downloads !== undefined);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            {counts && <th scope="col">Downloads</th>}
            <th scope="col">
              <span className="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.name}>
              <td>
                {f.title} <code className="muted">{f.name}</code>
                {f.description && <div className="muted">{f.description}</div>}
              </td>
              <td>{f.size !== undefined ? formatBytes(f.size) : ''}</td>
              {counts && <td>{f.downloads ?? ''}</td>}
              <td>
                {f.kind === 'link' ? <ExternalLink file={f} /> : <DownloadPhaseFile phaseId={phaseId} file={f} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExternalLink({ file }: { file: PhaseFile }) {
  if (!isWebAddress(file.url)) {
    return null;
  }
  return (
    <a href={file.url} target="_blank" rel="noopener noreferrer">
      Open {file.title}
    </a>
  );
}

function DownloadPhaseFile({ phaseId, file }: { phaseId: string; file: PhaseFile }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <span className="download">
      <button
        type="button"
        disabled={busy}
        aria-label={`Download ${file.title} (${file.name}.zip)`}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          downloadPhaseFile(phaseId, file)
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        Download
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}
