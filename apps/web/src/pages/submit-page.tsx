import { Fragment, useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { FileUpload } from '../components/file-upload';
import { Loading } from '../components/loading';
import { SubmissionTable } from '../components/submission-table';
import { api, type Schema, unwrap } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { phaseFacts, sizeRefusal } from '../lib/phase-facts';
import { metadataBody, type SubmissionMetadata } from '../lib/submission-metadata';
import { canSubmitAsTeam, teamStatusText } from '../lib/team-status';
import { createSubmissionFromUpload } from '../lib/uploads-api';
import { useLoad } from '../lib/use-load';
import { usePageTitle } from '../lib/page-title';
import { ErrorPage, isUuid } from '../components/error-page';

export function SubmitPage() {
  const { competitionId = '', phaseId = '' } = useParams();
  const navigate = useNavigate();
  const ids = { description: useId(), as: useId(), name: useId(), method: useId(), code: useId(), paper: useId() };
  const [description, setDescription] = useState('');
  const [metadata, setMetadata] = useState<SubmissionMetadata>({});
  const [asTeam, setAsTeam] = useState(false);
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

  // Registration is checked before anything is uploaded: an unregistered caller gets the way to register instead.
  const participation = useLoad(
    async () =>
      unwrap(await api.GET('/api/competitions/{competitionId}/participation', { params: { path: { competitionId } } })),
    [competitionId],
  );
  const options = competition.data?.options;
  const team = useLoad(
    async () =>
      options?.enableTeams
        ? unwrap(await api.GET('/api/competitions/{competitionId}/teams/mine', { params: { path: { competitionId } } }))
            .team
        : null,
    [competitionId, options?.enableTeams],
  );

  const phase = competition.data?.phases.find((p) => p.id === phaseId);
  const setField = (key: keyof SubmissionMetadata) => (e: { target: { value: string } }) =>
    setMetadata((m) => ({ ...m, [key]: e.target.value }));
  const teamId = asTeam && canSubmitAsTeam(team.data) ? team.data?.id : undefined;
  const done = (s: Schema<'SubmissionDto'>) => navigate(`/submissions/${s.id}`);
  const registered = competition.data?.isOrganizer || participation.data?.status === 'approved';
  usePageTitle(phase && `Submit to ${phase.name}`, phase && competition.data?.title);

  if (!isUuid(competitionId) || !isUuid(phaseId) || (competition.data && !phase)) {
    return <ErrorPage what="phase" />;
  }
  if (competition.error) {
    return <ErrorPage what="competition" error={competition.error} status={competition.errorStatus} />;
  }

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
          {formatDateTime(limits.data.perDay.resetsAt)}); total: {limits.data.total.count} of{' '}
          {limits.data.total.max ?? 'unlimited'}.
        </p>
      )}
      <section aria-labelledby="new-submission" className="card">
        <h2 id="new-submission">New submission</h2>
        {phase && (
          <dl data-testid="phase-facts">
            {phaseFacts(phase).map((f) => (
              <Fragment key={f.term}>
                <dt>{f.term}</dt>
                <dd>{f.detail}</dd>
              </Fragment>
            ))}
          </dl>
        )}
        {team.data && (
          <>
            <p className="muted" data-testid="team-status">
              {teamStatusText(team.data.name, team.data.status)}
            </p>
            {canSubmitAsTeam(team.data) && (
              <label className="checkbox" htmlFor={ids.as}>
                <input id={ids.as} type="checkbox" checked={asTeam} onChange={(e) => setAsTeam(e.target.checked)} />
                Submit on behalf of team {team.data.name}
              </label>
            )}
          </>
        )}
        <label htmlFor={ids.description}>Description (optional)</label>
        <input
          id={ids.description}
          type="text"
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {options?.enableSubmissionMetadata && (
          <fieldset data-testid="submission-metadata">
            <legend>
              About your method (optional
              {options.showSubmissionMetadataOnLeaderboard ? ', shown on the leaderboard' : ''})
            </legend>
            <label htmlFor={ids.name}>Method name</label>
            <input
              id={ids.name}
              type="text"
              maxLength={200}
              value={metadata.methodName ?? ''}
              onChange={setField('methodName')}
            />
            <label htmlFor={ids.method}>Method description</label>
            <textarea
              id={ids.method}
              rows={3}
              maxLength={5000}
              value={metadata.methodDescription ?? ''}
              onChange={setField('methodDescription')}
            />
            <label htmlFor={ids.code}>Code link (http:// or https://)</label>
            <input id={ids.code} type="url" value={metadata.codeUrl ?? ''} onChange={setField('codeUrl')} />
            <label htmlFor={ids.paper}>Paper link (http:// or https://)</label>
            <input id={ids.paper} type="url" value={metadata.paperUrl ?? ''} onChange={setField('paperUrl')} />
          </fieldset>
        )}
        {!competition.data || !participation.data ? (
          <Loading />
        ) : !registered ? (
          <div data-testid="register-first">
            <p>
              {participation.data.status === 'pending'
                ? 'Your registration waits for the organizers’ approval: you can submit once they approve it.'
                : participation.data.status === 'none'
                  ? 'You are not registered for this competition: register first, then submit here.'
                  : 'You may not submit to this competition.'}
            </p>
            {participation.data.status === 'none' && (
              <Link className="button" to={`/competitions/${competitionId}#registration-title`}>
                Register for this competition
              </Link>
            )}
          </div>
        ) : (
          <FileUpload
            label={phase?.scoringOnly ? 'Results (zip)' : 'Results or code (zip)'}
            purpose="submission"
            submitLabel="Submit"
            beforeUpload={(file) => {
              const tooLarge = phase && sizeRefusal(file.size, phase.maxSubmissionSizeMb);
              if (tooLarge) {
                throw new Error(tooLarge);
              }
              if (options?.enableSubmissionMetadata) {
                metadataBody(metadata);
              }
            }}
            onUploaded={async (uploadId) =>
              done(
                await createSubmissionFromUpload(
                  phaseId,
                  {
                    uploadId,
                    description,
                    ...(teamId ? { teamId } : {}),
                    ...(options?.enableSubmissionMetadata ? metadataBody(metadata) : {}),
                  },
                  idempotencyKey,
                ),
              )
            }
          />
        )}
        <ErrorMessage error={participation.error} />
      </section>
      <section aria-labelledby="my-submissions">
        <h2 id="my-submissions">My submissions</h2>
        {mine.loading && !mine.data ? <Loading /> : null}
        <ErrorMessage error={mine.error} />
        {mine.data && (
          <SubmissionTable
            submissions={mine.data}
            caption={`Your submissions to ${phase?.name ?? 'this phase'}`}
            boards={competition.data?.leaderboards}
          />
        )}
      </section>
    </>
  );
}
