import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { ProviderSignIn } from '../components/provider-sign-in';
import { api, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { useSignInMethods } from '../lib/sign-in-methods';
import { useLoad } from '../lib/use-load';

/** An invitation link from the mail: sign in (or up) with the invited address, accept, and take part. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const methods = useSignInMethods();
  const [accepted, setAccepted] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const invitation = useLoad(
    async () => unwrap(await api.GET('/api/invitations/{token}', { params: { path: { token } } })),
    [token],
  );

  if (invitation.loading && !invitation.data) {
    return <Loading />;
  }
  if (!invitation.data) {
    return (
      <>
        <h1>Invitation</h1>
        <ErrorMessage error={invitation.error ?? 'This invitation link is unknown.'} />
      </>
    );
  }
  const inv = invitation.data;
  const here = `/invitations/${token}`;

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const r = unwrap(
        await api.POST('/api/invitations/{token}/accept', { params: { path: { token } }, body: { acceptTerms: true } }),
      );
      navigate(`/competitions/${r.competitionId}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>You are invited to {inv.competitionTitle}</h1>
      {inv.status !== 'pending' ? (
        <p className="notice" role="note">
          This invitation is {inv.status}.{' '}
          {inv.status === 'accepted' && <Link to={`/competitions/${inv.competitionId}`}>Open the competition</Link>}
        </p>
      ) : user ? (
        <>
          <p>
            The invitation was sent to <strong>{inv.email}</strong>; accept it signed in with that address.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} /> I accept the
            competition's terms
          </label>
          <div className="actions">
            <button type="button" disabled={!accepted || busy} onClick={() => void accept()}>
              Accept the invitation
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            The invitation was sent to <strong>{inv.email}</strong>. Sign in, or create an account, with that address to
            accept it.
          </p>
          <ProviderSignIn methods={methods.data} next={here} />
          {methods.data?.password !== false && (
            <p className="row">
              <Link to={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link>
              <Link to={`/sign-up?next=${encodeURIComponent(here)}`}>Create an account</Link>
            </p>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
