import { Route } from 'react-router-dom';
import { RequireSignIn } from '../components/require-sign-in';
import { OrganizeCompetitionPage } from './organize-competition-page';
import { InsightPage } from './insight-page';
import { OrganizeHomePage } from './organize-home-page';
import { QueuesPage } from './queues-page';
import './organizer.css';

/** Organizer pages: add one <Route> per page here (paths under /organize/...). */
export const organizerRoutes = [
  <Route
    key="organize-home"
    path="organize"
    element={
      <RequireSignIn>
        <OrganizeHomePage />
      </RequireSignIn>
    }
  />,
  <Route
    key="organize-queues"
    path="organize/queues"
    element={
      <RequireSignIn>
        <QueuesPage />
      </RequireSignIn>
    }
  />,
  <Route
    key="organize-competition"
    path="organize/competitions/:competitionId"
    element={
      <RequireSignIn>
        <OrganizeCompetitionPage />
      </RequireSignIn>
    }
  />,
  <Route
    key="organize-insight"
    path="organize/competitions/:competitionId/insight"
    element={
      <RequireSignIn>
        <InsightPage />
      </RequireSignIn>
    }
  />,
] as ReturnType<typeof Route>[];
