import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { FileUpload } from '../components/file-upload';
import { Loading } from '../components/loading';
import { SubmissionTable } from '../components/submission-table';
import { api, type Schema, unwrap } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { createSubmissionFromUpload } from '../lib/uploads-api';
import { useLoad } from '../lib/use-load';

export function SubmitPage() {
  const { competitionId = '', phaseId = '' } = useParams();
  const navigate = useNavigate();
  const descriptionId = useId();
  const [description, setDescription] = useState('');
  // One key per intended submission: a retried request returns the same submission instead of a second one.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const competition = useLoad(
    async () => unwrap(await api.GET('/api/competitions/{id}', { params: { path: { id: competitionId } } })),
    [competitionId],
  );
  const limits = useLoad(
    async () => unwrap(await api.GET('/api/phases/{phaseId}/limits', { params: { path: { phaseId } } })),
    [phaseId],
  );
  const mine = useLoad(
    async () => unwrap(await api.GET('/api/phases/{phaseId}/submissions', { params: { path: { phaseId } } })),
    [phaseId],
  );

  const phase = competition.data?.phases.find((p) => p.id === phaseId);
  const done = (s: Schema<'SubmissionDto'>) => navigate(`/submissions/${s.id}`);

  return (
    <>
      <h1>Submit{phase ? ` to ${phase.name}` : ''}</h1>
      {competition.data && (
        <p>
          <Link to={`/competitions/${competitionId}`}>{competition.data.title}</Link>
          {phase?.endAt && <> — phase ends {formatDateTime(phase.endAt)}</>}
        </p>
      )}
      <ErrorMessage error={competition.error} />
      {limits.data && !limits.data.bypassLimits && (
        <p className="muted" data-testid="limits">
          Today: {limits.data.perDay.count} of {limits.data.perDay.max ?? 'unlimited'} (resets{' '}
          {formatDateTime(limits.data.perDay.resetsAt)});
          total: {limits.data.total.count} of {limits.data.total.max ?? 'unlimited'}.
        </p>
      )}
      <section aria-labelledby="new-submission" className="card">
        <h2 id="new-submission">New submission</h2>
        <label htmlFor={descriptionId}>Description (optional)</label>
        <input
          id={descriptionId}
          type="text"
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <FileUpload
          label="Results or code (zip)"
          purpose="submission"
          submitLabel="Submit"
          onUploaded={async (uploadId) =>
            done(await createSubmissionFromUpload(phaseId, { uploadId, description }, idempotencyKey))
          }
        />
      </section>
      <section aria-labelledby="my-submissions">
        <h2 id="my-submissions">My submissions</h2>
        {mine.loading && !mine.data ? <Loading /> : null}
        <ErrorMessage error={mine.error} />
        {mine.data && <SubmissionTable submissions={mine.data} caption={`Your submissions to ${phase?.name ?? 'this phase'}`} />}
      </section>
    </>
  );
}
