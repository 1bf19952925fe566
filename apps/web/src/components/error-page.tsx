import { Link } from 'react-router-dom';
import { ApiError } from '../lib/api';
import { usePageTitle } from '../lib/page-title';

/** A UUID as the API's ids are: anything else in a link is a broken link, answered here without asking the API. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * A page that could not be shown: a heading that says what happened in plain words, what to do, and a way back.
 * `what` names the thing ("competition", "submission"); a 400 (malformed id) and a 404 both read as not found.
 */
export function ErrorPage({
  what,
  error,
  status: given,
  back = { to: '/', label: 'Back to the competitions' },
}: {
  what: string;
  error?: unknown;
  /** The HTTP status of the refusal (useLoad's errorStatus), where `error` is only its message. */
  status?: number;
  back?: { to: string; label: string };
}) {
  const status = given ?? (error instanceof ApiError ? error.status : error === undefined ? 404 : 0);
  const heading =
    status === 400 || status === 404
      ? `${capitalize(what)} not found`
      : status === 401
        ? 'Sign in to see this page'
        : status === 403
          ? `You may not see this ${what}`
          : `This ${what} could not be shown`;
  const detail =
    status === 400 || status === 404
      ? `The link may be mistyped, or the ${what} was removed or is not open to you.`
      : status === 401 || status === 403
        ? undefined
        : error instanceof Error
          ? error.message
          : String(error);
  usePageTitle(heading);
  return (
    <div data-testid="error-page">
      <h1>{heading}</h1>
      {detail && <p>{detail}</p>}
      {status === 403 && error instanceof Error && <p>{error.message}</p>}
      <p>
        {status === 401 ? (
          <Link to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>Sign in</Link>
        ) : (
          <Link to={back.to}>{back.label}</Link>
        )}
      </p>
    </div>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
