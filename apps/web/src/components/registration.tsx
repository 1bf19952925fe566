import { useId, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api, type Schema, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { ErrorMessage } from './error-message';
import { SanitizedHtml } from './sanitized-html';

const STATUS_TEXT: Record<Schema<'ParticipationDto'>['status'], string> = {
  approved: 'You are registered.',
  pending: 'Your registration waits for the organizers’ approval.',
  denied: 'The organizers declined your registration.',
  banned: 'You are banned from this competition.',
  none: 'You are not registered yet.',
};

/** The terms and the register button, or where the caller's registration stands. */
export function Registration({
  competition,
  participation,
  onChange,
}: {
  competition: Schema<'CompetitionDto'>;
  participation: Schema<'ParticipationDto'> | undefined;
  onChange(): void;
}) {
  const { user } = useSession();
  const location = useLocation();
  const checkId = useId();
  const [accepted, setAccepted] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const status = participation?.status ?? 'none';

  async function register() {
    setBusy(true);
    setError(undefined);
    try {
      unwrap(
        await api.POST('/api/competitions/{competitionId}/participation', {
          params: { path: { competitionId: competition.id } },
          body: { acceptTerms: accepted || !competition.terms },
        }),
      );
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="registration-title">
      <h2 id="registration-title">Terms and registration</h2>
      {competition.terms ? (
        <SanitizedHtml source={competition.terms} className="page-content card" />
      ) : (
        <p>No terms.</p>
      )}
      {!user ? (
        <p>
          <Link to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>Sign in</Link> to register.
        </p>
      ) : (
        <>
          <p role="status" data-testid="participation-status">
            {STATUS_TEXT[status]}
          </p>
          {status === 'none' && (
            <>
              {competition.terms && (
                <label className="checkbox" htmlFor={checkId}>
                  <input
                    id={checkId}
                    type="checkbox"
                    checked={accepted}
                    onChange={(e) => setAccepted(e.target.checked)}
                  />
                  I accept the terms of this competition
                </label>
              )}
              <div className="row">
                <button
                  type="button"
                  disabled={busy || (!!competition.terms && !accepted)}
                  onClick={() => void register()}
                >
                  Register
                </button>
              </div>
            </>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
