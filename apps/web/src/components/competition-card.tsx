import { Link } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { useAuthorizedImage } from '../lib/authorized-image';
import { formatDateTime } from '../lib/dates';

type Card = Schema<'CompetitionCardDto'>;

const STATUS_TEXT: Record<Card['status'], string> = { open: 'Open', upcoming: 'Upcoming', ended: 'Ended' };

/** One competition of the catalogue: logo (or its initial), title, organizer, status with dates, and counts. */
export function CompetitionCard({ competition: c }: { competition: Card }) {
  const logo = useAuthorizedImage(c.logoUrl, c.visibility !== 'public');
  const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
  return (
    <li className="card competition-card" data-testid="competition-card">
      <div className="card-logo" aria-hidden="true">
        {logo ? <img src={logo} alt="" data-testid="card-logo" /> : <span>{c.title.trim().charAt(0) || '?'}</span>}
      </div>
      <div className="card-body">
        <h2>
          <Link to={`/competitions/${c.id}`}>{c.title}</Link>
        </h2>
        <p className="muted">
          by <span data-testid="card-organizer">{c.organizer}</span>
          {c.isOrganizer ? ' (you organize it)' : ''}
        </p>
        <p className="card-description">{c.description}</p>
        <p>
          <span className={`status status-${c.status}`} data-testid="card-status">
            {STATUS_TEXT[c.status]}
          </span>{' '}
          <span className="muted">
            {c.status === 'upcoming' ? 'starts ' : 'from '}
            <time dateTime={c.startAt}>{formatDateTime(c.startAt)}</time>
            {c.endAt ? (
              <>
                {c.status === 'ended' ? ', ended ' : ' to '}
                <time dateTime={c.endAt}>{formatDateTime(c.endAt)}</time>
              </>
            ) : (
              ', no end date'
            )}
          </span>
        </p>
        <p className="muted" data-testid="card-counts">
          {count(c.participantCount, 'participant', 'participants')} ·{' '}
          {count(c.submissionCount, 'submission', 'submissions')}
        </p>
      </div>
    </li>
  );
}
