import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { AccessNotice } from '../components/access-notice';
import { CompetitionHeader } from '../components/competition-header';
import { CompetitionNav } from '../components/competition-nav';
import { ErrorMessage } from '../components/error-message';
import { ErrorPage, isUuid } from '../components/error-page';
import { Loading } from '../components/loading';
import { MySubmissions } from '../components/my-submissions';
import { PhaseList } from '../components/phase-list';
import { PhaseFiles } from '../components/phase-files';
import { Registration } from '../components/registration';
import { PageTabs } from '../components/page-tabs';
import { RequireSignIn } from '../components/require-sign-in';
import { TeamPanel } from '../components/team-panel';
import { TopThree } from '../components/top-three';
import { api, unwrap } from '../lib/api';
import { rememberCompetitionKey } from '../lib/competition-keys';
import { pageSlugs } from '../lib/page-slugs';
import { usePageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';

/** A competition: its header and sections (overview; the caller's submissions at /competitions/:id/submissions). */
export function CompetitionPage({ tab = 'overview' }: { tab?: 'overview' | 'submissions' }) {
  const { competitionId = '' } = useParams();
  if (!isUuid(competitionId)) {
    return <ErrorPage what="competition" />;
  }
  return <Competition competitionId={competitionId} tab={tab} />;
}

function Competition({ competitionId, tab }: { competitionId: string; tab: 'overview' | 'submissions' }) {
  const { user } = useSession();
  const [params] = useSearchParams();
  const key = params.get('key');
  // Opened by an unlisted competition's secret link: its key goes with every request from now on.
  useMemo(() => key && rememberCompetitionKey(competitionId, key), [competitionId, key]);
  const competition = useLoad(
    async () => unwrap(await api.GET('/api/competitions/{id}', { params: { path: { id: competitionId } } })),
    [competitionId, user?.id],
  );
  const participation = useLoad(
    async () =>
      user
        ? unwrap(
            await api.GET('/api/competitions/{competitionId}/participation', { params: { path: { competitionId } } }),
          )
        : undefined,
    [competitionId, user?.id],
  );
  const c = competition.data;
  const pageIndex = c ? Math.max(0, pageSlugs(c.pages.map((p) => p.title)).indexOf(params.get('page') ?? '')) : 0;
  usePageTitle(c && (tab === 'submissions' ? 'My submissions' : (c.pages[pageIndex]?.title ?? 'Overview')), c?.title);

  if (competition.error) {
    return <ErrorPage what="competition" error={competition.error} status={competition.errorStatus} />;
  }
  if (!c) {
    return <Loading />;
  }
  const registered = participation.data?.status === 'approved' || c.isOrganizer;

  return (
    <>
      <CompetitionHeader competition={c} />
      <AccessNotice competition={c} />
      <CompetitionNav competition={c} signedIn={Boolean(user)} />
      {tab === 'submissions' ? (
        <RequireSignIn>
          <MySubmissions competition={c} registered={participation.data?.status === 'approved'} />
        </RequireSignIn>
      ) : (
        <>
          <PageTabs pages={c.pages} />
          <PhaseList competitionId={c.id} phases={c.phases} canSubmit={registered} />
          <TopThree competition={c} />
          <PhaseFiles
            phases={c.phases}
            signedIn={Boolean(user)}
            viewer={`${user?.id ?? ''}:${participation.data?.status ?? ''}`}
          />
          <Registration competition={c} participation={participation.data} onChange={participation.reload} />
          <ErrorMessage error={participation.error} />
          {user && <TeamPanel competition={c} registered={participation.data?.status === 'approved'} />}
        </>
      )}
    </>
  );
}
