import { Route } from 'react-router-dom';
import { RequireSignIn } from './components/require-sign-in';
import { CompetitionPage } from './pages/competition-page';
import { CompetitionsPage } from './pages/competitions-page';
import { AccountPage } from './pages/account-page';
import { AdminPage } from './pages/admin-page';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset-pages';
import { DetailedResultsPage } from './pages/detailed-results-page';
import { InvitationPage } from './pages/invitation-page';
import { LeaderboardPage } from './pages/leaderboard-page';
import { NotFoundPage } from './pages/not-found-page';
import { SignInDonePage } from './pages/sign-in-done-page';
import { SignInPage } from './pages/sign-in-page';
import { SignUpPage } from './pages/sign-up-page';
import { StatusPage } from './pages/status-page';
import { SubmissionPage } from './pages/submission-page';
import { SubmitPage } from './pages/submit-page';

/** The participant side; the organizer side lives in organizer/routes.tsx. */
export const participantRoutes = [
  <Route key="home" index element={<CompetitionsPage />} />,
  <Route key="sign-in" path="sign-in" element={<SignInPage />} />,
  <Route key="sign-in-done" path="sign-in/done" element={<SignInDonePage />} />,
  <Route key="sign-up" path="sign-up" element={<SignUpPage />} />,
  <Route key="invitation" path="invitations/:token" element={<InvitationPage />} />,
  <Route
    key="admin"
    path="admin"
    element={
      <RequireSignIn>
        <AdminPage />
      </RequireSignIn>
    }
  />,
  <Route key="competition" path="competitions/:competitionId" element={<CompetitionPage />} />,
  <Route
    key="competition-submissions"
    path="competitions/:competitionId/submissions"
    element={<CompetitionPage tab="submissions" />}
  />,
  <Route
    key="account"
    path="account"
    element={
      <RequireSignIn>
        <AccountPage />
      </RequireSignIn>
    }
  />,
  <Route key="status" path="status" element={<StatusPage />} />,
  <Route key="forgot-password" path="forgot-password" element={<ForgotPasswordPage />} />,
  <Route key="reset-password" path="reset-password" element={<ResetPasswordPage />} />,
  <Route
    key="leaderboard"
    path="competitions/:competitionId/phases/:phaseId/leaderboard"
    element={<LeaderboardPage />}
  />,
  <Route
    key="submit"
    path="competitions/:competitionId/phases/:phaseId/submit"
    element={
      <RequireSignIn>
        <SubmitPage />
      </RequireSignIn>
    }
  />,
  <Route
    key="submission"
    path="submissions/:submissionId"
    element={
      <RequireSignIn>
        <SubmissionPage />
      </RequireSignIn>
    }
  />,
  <Route
    key="detailed-results"
    path="submissions/:submissionId/detailed-results"
    element={
      <RequireSignIn>
        <DetailedResultsPage />
      </RequireSignIn>
    }
  />,
  <Route key="not-found" path="*" element={<NotFoundPage />} />,
];
