import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { ProviderSignIn } from '../components/provider-sign-in';
import { api, unwrap } from '../lib/api';
import { safeNext } from '../lib/safe-next';
import { useSession } from '../lib/session';
import { useSignInMethods } from '../lib/sign-in-methods';
import { usePageTitle } from '../lib/page-title';

export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const methods = useSignInMethods();
  usePageTitle('Sign in');
  // The identity provider's sign-in came back refused: the API says why.
  const providerError = params.get('error');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      signIn(unwrap(await api.POST('/api/auth/login', { body: { login, password } })));
      navigate(safeNext(params.get('next')));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Sign in</h1>
      <ErrorMessage error={providerError} />
      <ProviderSignIn methods={methods.data} next={params.get('next')} />
      {methods.data?.password === false ? null : (
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="login">Email or username</label>
          <input
            id="login"
            type="text"
            autoComplete="username"
            required
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="help">
            <Link to="/forgot-password">Forgot password?</Link>
          </p>
          <div className="actions">
            <button type="submit">Sign in</button>
            <Link to={`/sign-up${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>
              Create an account
            </Link>
          </div>
          <ErrorMessage error={error} />
        </form>
      )}
    </>
  );
}
