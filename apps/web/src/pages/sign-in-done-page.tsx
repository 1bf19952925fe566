import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap } from '../lib/api';
import { safeNext } from '../lib/safe-next';
import { useSession } from '../lib/session';

/** The identity provider's sign-in ends here with a one-time code, exchanged once for a session. */
export function SignInDonePage() {
  const [params] = useSearchParams();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const started = useRef(false);

  useEffect(() => {
    // Strict mode runs effects twice in development: the code works once.
    if (started.current) {
      return;
    }
    started.current = true;
    const code = params.get('code') ?? '';
    void api
      .POST('/api/auth/oidc/session', { body: { code } })
      .then((r) => {
        const session = unwrap(r);
        signIn(session);
        navigate(safeNext(session.next), { replace: true });
      })
      .catch(setError);
  }, [params, signIn, navigate]);

  if (!error) {
    return <Loading />;
  }
  return (
    <>
      <h1>Sign in</h1>
      <ErrorMessage error={error} />
      <p>
        <Link to="/sign-in">Sign in again</Link>
      </p>
    </>
  );
}
