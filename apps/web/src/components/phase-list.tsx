import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { phaseColorClass, phaseFacts } from '../lib/phase-facts';

/**
 * Phases with their dates in the viewer's time zone, the rules that shape a submission (size cap, results only, what
 * output is withheld), their tasks, and where to submit or see the leaderboard; each card in its CodaLab tab colour.
 */
interface Props {
  competitionId: string;
  phases: Schema<'PhaseDto'>[];
  canSubmit: boolean;
}

export function PhaseList({ competitionId, phases, canSubmit }: Props) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section aria-labelledby="phases-title">
      <h2 id="phases-title">Phases</h2>
      <p className="muted">Dates in your time zone ({zone}).</p>
      <ol className="cards">
        {phases.map((p) => (
          <li
            key={p.id}
            className={['card', phaseColorClass(p.color)].filter(Boolean).join(' ')}
            data-testid={`phase-${p.index}`}
          >
            <h3>
              {p.name} <span className={`status status-${p.state === 'open' ? 'finished' : 'queued'}`}>{p.state}</span>
            </h3>
            {p.description && <p>{p.description}</p>}
            <dl>
              <dt>Starts</dt>
              <dd>
                <time dateTime={p.startAt}>{formatDateTime(p.startAt)}</time>
              </dd>
              <dt>Ends</dt>
              <dd>{p.endAt ? <time dateTime={p.endAt}>{formatDateTime(p.endAt)}</time> : 'No end date'}</dd>
              {p.maxSubmissionsPerDay !== null && (
                <>
                  <dt>Submissions per day</dt>
                  <dd>{p.maxSubmissionsPerDay}</dd>
                </>
              )}
              {p.maxSubmissions !== null && (
                <>
                  <dt>Submissions in all</dt>
                  <dd>{p.maxSubmissions}</dd>
                </>
              )}
              {phaseFacts(p).map((f) => (
                <Fragment key={f.term}>
                  <dt>{f.term}</dt>
                  <dd>{f.detail}</dd>
                </Fragment>
              ))}
            </dl>
            {p.tasks.length > 0 && (
              <>
                <h4>{p.tasks.length === 1 ? 'Task' : 'Tasks'}</h4>
                <ul data-testid={`phase-tasks-${p.index}`}>
                  {p.tasks.map((t) => (
                    <li key={t.id}>
                      <strong>{t.name}</strong>
                      {t.description && <> — {t.description}</>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="row">
              {canSubmit && p.state === 'open' && (
                <Link className="button" to={`/competitions/${competitionId}/phases/${p.id}/submit`}>
                  Submit to {p.name}
                </Link>
              )}
              <Link className="button secondary" to={`/competitions/${competitionId}/phases/${p.id}/leaderboard`}>
                Leaderboard of {p.name}
              </Link>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
