import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Layout } from './components/layout';
import { SessionProvider } from './lib/session';
import { organizerRoutes } from './organizer/routes';
import { participantRoutes } from './routes';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            {participantRoutes}
            {organizerRoutes}
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
