import type { Schema } from '../lib/api';
import { useAuthorizedImage } from '../lib/authorized-image';
import { competitionTypeLabel, mailtoHref, webUrl } from '../lib/competition-facts';
import { formatDateTime } from '../lib/dates';

type Competition = Schema<'CompetitionDto'>;

/**
 * Title, logo and what a visitor looks for first: the kind of event, its dates, the reward and whom to write to; and,
 * where the competition runs elsewhere (CodaLab url_redirect, which redirected the page), a prominent link there
 * instead of an automatic redirect.
 */
export function CompetitionHeader({ competition: c }: { competition: Competition }) {
  const redirect = c.options.urlRedirect;
  const redirectHref = webUrl(redirect);
  const mailto = mailtoHref(c.contactEmail);
  const logo = useAuthorizedImage(c.logoUrl, c.visibility !== 'public');
  return (
    <>
      <div className="competition-head">
        {logo && <img className="logo" src={logo} alt={`Logo of ${c.title}`} data-testid="competition-logo" />}
        <div className="intro">
          <h1>{c.title}</h1>
          <p>{c.description}</p>
        </div>
      </div>
      {redirect && (
        <p className="redirect-notice" role="note" data-testid="url-redirect">
          This competition runs at{' '}
          {redirectHref ? (
            <a href={redirectHref} rel="noopener noreferrer">
              {redirect}
            </a>
          ) : (
            <span>{redirect}</span>
          )}
          . Take part there.
        </p>
      )}
      <dl className="card" data-testid="competition-facts">
        <dt>Type</dt>
        <dd>{competitionTypeLabel(c.competitionType)}</dd>
        <dt>Dates</dt>
        <dd>
          <time dateTime={c.startAt}>{formatDateTime(c.startAt)}</time> to{' '}
          {c.endAt ? <time dateTime={c.endAt}>{formatDateTime(c.endAt)}</time> : 'no end date'}
        </dd>
        {c.reward && (
          <>
            <dt>Reward</dt>
            <dd data-testid="reward">{c.reward}</dd>
          </>
        )}
        {c.contactEmail && (
          <>
            <dt>Contact</dt>
            <dd data-testid="contact">{mailto ? <a href={mailto}>{c.contactEmail}</a> : c.contactEmail}</dd>
          </>
        )}
      </dl>
    </>
  );
}
