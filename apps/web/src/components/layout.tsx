import { useLayoutEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { focusMainHeading } from '../lib/page-title';
import { useSession } from '../lib/session';

export function Layout() {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstLoad = useRef(true);
  // A new path is a new page: its heading takes the focus (not on the first load, nor when only the query changes).
  useLayoutEffect(() => {
    const stop = focusMainHeading(main.current!, firstLoad.current);
    firstLoad.current = false;
    return stop;
  }, [pathname]);
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
              <NavLink to="/account" data-testid="current-user">
                <span className="visually-hidden">Account: </span>
                {user.username}
              </NavLink>
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
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <NavLink to="/status">Status</NavLink>
      </footer>
    </>
  );
}
