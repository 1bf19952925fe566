import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { ProviderSignIn } from '../components/provider-sign-in';
import { api, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { safeNext } from '../lib/safe-next';
import { useSignInMethods } from '../lib/sign-in-methods';
import { NewPasswordField } from '../components/password-field';
import { usePageTitle } from '../lib/page-title';

export function SignUpPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form, setForm] = useState({ email: '', username: '', password: '' });
  const [error, setError] = useState<unknown>();
  const methods = useSignInMethods();
  usePageTitle('Create an account');
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      signIn(unwrap(await api.POST('/api/auth/signup', { body: form })));
      navigate(safeNext(params.get('next')));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Create an account</h1>
      <ProviderSignIn methods={methods.data} next={params.get('next')} />
      {methods.data?.password === false ? (
        <p className="muted">Accounts are made by signing in with the identity provider.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} />
          <label htmlFor="username">Username</label>
          <input
            id="username"
            type="text"
            autoComplete="username"
            required
            pattern="[A-Za-z0-9._\-]{2,40}"
            aria-describedby="username-help"
            value={form.username}
            onChange={set('username')}
          />
          <p id="username-help" className="muted">
            Letters, digits, dot, dash and underscore; 2 to 40 characters.
          </p>
          <NewPasswordField
            id="password"
            value={form.password}
            onChange={(password) => setForm({ ...form, password })}
          />
          <div className="actions">
            <button type="submit">Sign up</button>
          </div>
          <ErrorMessage error={error} />
        </form>
      )}
    </>
  );
}
