import { NavLink } from 'react-router-dom';
import type { Schema } from '../lib/api';

/**
 * The competition's sections as links (each its own URL, so they can be shared and the back button works): the
 * overview, the caller's submissions when signed in, and "Manage" for its organizers.
 */
export function CompetitionNav({
  competition: c,
  signedIn,
}: {
  competition: Schema<'CompetitionDto'>;
  signedIn: boolean;
}) {
  return (
    <nav className="competition-nav" aria-label="Competition">
      <NavLink to={`/competitions/${c.id}`} end>
        Overview
      </NavLink>
      {signedIn && <NavLink to={`/competitions/${c.id}/submissions`}>My submissions</NavLink>}
      {c.isOrganizer && (
        <NavLink className="manage" to={`/organize/competitions/${c.id}`} data-testid="manage-link">
          Manage
        </NavLink>
      )}
    </nav>
  );
}
