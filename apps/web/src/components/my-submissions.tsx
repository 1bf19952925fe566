import { Link } from 'react-router-dom';
import { api, type Schema, unwrap } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { ErrorMessage } from './error-message';
import { Loading } from './loading';
import { SubmissionTable } from './submission-table';

/** The caller's submissions to every phase of a competition, newest phase first, with where to submit more. */
export function MySubmissions({
  competition: c,
  registered,
}: {
  competition: Schema<'CompetitionDto'>;
  registered: boolean;
}) {
  const mine = useLoad(
    async () =>
      Promise.all(
        c.phases.map(async (p) => ({
          phase: p,
          submissions: unwrap(
            await api.GET('/api/phases/{phaseId}/submissions', { params: { path: { phaseId: p.id } } }),
          ),
        })),
      ),
    [c.id],
  );
  if (mine.error) {
    return <ErrorMessage error={mine.error} />;
  }
  if (!mine.data) {
    return <Loading />;
  }
  return (
    <section aria-labelledby="my-submissions-title">
      <h2 id="my-submissions-title">My submissions</h2>
      {!registered && (
        <p data-testid="not-registered">
          You are not registered for this competition yet:{' '}
          <Link to={`/competitions/${c.id}#registration-title`}>register on the overview</Link> to submit.
        </p>
      )}
      {[...mine.data].reverse().map(({ phase, submissions }) => (
        <section key={phase.id} aria-labelledby={`mine-${phase.id}`} className="card">
          <h3 id={`mine-${phase.id}`}>{phase.name}</h3>
          <SubmissionTable
            submissions={submissions}
            caption={`Your submissions to ${phase.name}`}
            boards={c.leaderboards}
          />
          <div className="row">
            {registered && phase.state === 'open' && (
              <Link className="button" to={`/competitions/${c.id}/phases/${phase.id}/submit`}>
                Submit to {phase.name}
              </Link>
            )}
            <Link className="button secondary" to={`/competitions/${c.id}/phases/${phase.id}/leaderboard`}>
              Leaderboard of {phase.name}
            </Link>
          </div>
        </section>
      ))}
    </section>
  );
}
