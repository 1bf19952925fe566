import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { AccessNotice } from '../components/access-notice';
import { CompetitionHeader } from '../components/competition-header';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { PhaseList } from '../components/phase-list';
import { PhaseFiles } from '../components/phase-files';
import { Registration } from '../components/registration';
import { PageTabs } from '../components/page-tabs';
import { TeamPanel } from '../components/team-panel';
import { TopThree } from '../components/top-three';
import { api, unwrap } from '../lib/api';
import { rememberCompetitionKey } from '../lib/competition-keys';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';

export function CompetitionPage() {
  const { competitionId = '' } = useParams();
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

  if (competition.error) {
    return <ErrorMessage error={competition.error} />;
  }
  const c = competition.data;
  if (!c) {
    return <Loading />;
  }
  const registered = participation.data?.status === 'approved' || c.isOrganizer;

  return (
    <>
      <CompetitionHeader competition={c} />
      <AccessNotice competition={c} />
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
  );
}
