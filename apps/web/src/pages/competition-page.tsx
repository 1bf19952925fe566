import { useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { PhaseList } from '../components/phase-list';
import { PhaseFiles } from '../components/phase-files';
import { Registration } from '../components/registration';
import { PageTabs } from '../components/page-tabs';
import { api, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';

export function CompetitionPage() {
  const { competitionId = '' } = useParams();
  const { user } = useSession();
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

  if (competition.error) return <ErrorMessage error={competition.error} />;
  const c = competition.data;
  if (!c) return <Loading />;
  const registered = participation.data?.status === 'approved' || c.isOrganizer;

  return (
    <>
      <h1>{c.title}</h1>
      <p>{c.description}</p>
      <PageTabs pages={c.pages} />
      <PhaseList competitionId={c.id} phases={c.phases} canSubmit={registered} />
      <PhaseFiles phases={c.phases} signedIn={Boolean(user)} viewer={`${user?.id ?? ''}:${participation.data?.status ?? ''}`} />
      <Registration competition={c} participation={participation.data} onChange={participation.reload} />
      <ErrorMessage error={participation.error} />
    </>
  );
}
