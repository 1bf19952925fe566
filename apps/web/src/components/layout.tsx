import { Link, NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useSession } from '../lib/session';

export function Layout() {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Arena
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Competitions
          </NavLink>
          {user ? <NavLink to="/organize">Organize</NavLink> : null}
          {user?.isAdmin ? <NavLink to="/admin">Admin</NavLink> : null}
        </nav>
        <div className="account">
          {user ? (
            <>
              <span className="muted" data-testid="current-user">
                {user.username}
              </span>
              <button type="button" className="secondary" onClick={() => void signOut().then(() => navigate('/'))}>
                Sign out
              </button>
            </>
          ) : user === null ? (
            <>
              <NavLink to="/sign-in">Sign in</NavLink>
              <NavLink to="/sign-up">Sign up</NavLink>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
