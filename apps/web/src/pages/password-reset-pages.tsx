import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { NewPasswordField } from '../components/password-field';
import { api, unwrap } from '../lib/api';
import { usePageTitle } from '../lib/page-title';

/** "Forgot password?": asks for the account's address; the API mails a link to /reset-password. */
export function ForgotPasswordPage() {
  usePageTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      unwrap(await api.POST('/api/auth/password-reset', { body: { email } }));
      setSent(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Forgot password</h1>
      {sent ? (
        <p role="status" data-testid="reset-sent">
          If an account has the address {email}, a mail with a link to set a new password is on its way. The link works
          for an hour.
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p>Give the address of your account: we mail you a link to set a new password.</p>
          <label htmlFor="reset-email">Email</label>
          <input
            id="reset-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <div className="actions">
            <button type="submit">Send the link</button>
          </div>
          <ErrorMessage error={error} />
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </>
  );
}

/** Where the reset mail's link leads: a new password for the token in the link. */
export function ResetPasswordPage() {
  usePageTitle('Set a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      unwrap(await api.POST('/api/auth/password-reset/confirm', { body: { token, password } }));
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Set a new password</h1>
      {!token ? (
        <p>
          This link has no token. <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      ) : done ? (
        <p role="status">
          Your password is changed and every session was signed out. <Link to="/sign-in">Sign in</Link> with it.
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <NewPasswordField label="New password" value={password} onChange={setPassword} />
          <div className="actions">
            <button type="submit">Set the password</button>
          </div>
          <ErrorMessage error={error} />
        </form>
      )}
    </>
  );
}
