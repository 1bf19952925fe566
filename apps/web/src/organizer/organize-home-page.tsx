import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { FileUpload } from '../components/file-upload';
import { Loading } from '../components/loading';
import { api, unwrap } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { useLoad } from '../lib/use-load';
import { ProblemList } from './problem-list';
import type { RefusalDetails } from './problems';
import { RefusedError, unwrapRefusable } from './refused-error';
import type { UploadWarningsState } from './upload-warnings';

/** Competitions the caller creates or helps organize, and the bundle upload that creates a new one. */
export function OrganizeHomePage() {
  const navigate = useNavigate();
  const mine = useLoad(
    async () => unwrap(await api.GET('/api/competitions', { params: { query: { role: 'organizer', limit: 200 } } })),
    [],
  );
  const [refusal, setRefusal] = useState<RefusalDetails>();
  const [refusedFile, setRefusedFile] = useState('');

  async function create(uploadId: string, file: File) {
    setRefusal(undefined);
    try {
      const competition = unwrapRefusable(await api.POST('/api/competitions', { body: { uploadId } }));
      const state: UploadWarningsState = { uploadWarnings: competition.warnings, uploadedFile: file.name };
      navigate(`/organize/competitions/${competition.id}`, { state });
    } catch (e) {
      if (!(e instanceof RefusedError)) {
        throw e;
      }
      setRefusedFile(file.name);
      setRefusal(e.refusal);
    }
  }

  return (
    <>
      <h1>Organize</h1>
      <p>
        <Link to="/organize/queues">Queues and workers</Link>
      </p>

      <section aria-labelledby="new-competition">
        <h2 id="new-competition">New competition</h2>
        <p className="muted">
          A zip with competition.yaml at its root (version 1 or 2). Problems are listed with their file, YAML path and
          line; fix them and upload again.
        </p>
        <FileUpload label="Competition bundle (zip)" purpose="bundle" submitLabel="Upload bundle" onUploaded={create} />
        <ProblemList refusal={refusal} title={`${refusedFile} was refused`} />
      </section>

      <section aria-labelledby="my-competitions">
        <h2 id="my-competitions">My competitions</h2>
        {mine.loading && !mine.data ? <Loading /> : null}
        <ErrorMessage error={mine.error} />
        {mine.data && !mine.data.length ? <p className="muted">You organize no competition yet.</p> : null}
        {mine.data?.length ? (
          <ul className="cards">
            {mine.data.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <Link to={`/organize/competitions/${c.id}`}>{c.title}</Link>
                </h3>
                <p className="muted">
                  Created {formatDateTime(c.createdAt)} · format {c.format} ·{' '}
                  <span data-testid="visibility">{c.visibility}</span>
                  {c.archivedAt ? ' · archived' : ''}
                </p>
                <p>
                  <Link to={`/competitions/${c.id}`}>Participant view</Link>
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
