import { useCallback, useRef, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { usePageTitle } from '../lib/page-title';
import { useLoad } from '../lib/use-load';
import { AccessSection } from './access-section';
import { ExportQueueSection } from './export-queue-section';
import { LeaderboardsSection } from './leaderboards-section';
import { PagesSection } from './pages-section';
import { ParticipantsSection } from './participants-section';
import { PhasesSection } from './phases-section';
import { SettingsSection } from './settings-section';
import { SubmissionsSection } from './submissions-section';
import { TeamsSection } from './teams-section';
import { UploadWarnings, uploadWarningsOf } from './upload-warnings';
import { Tabs, type TabDef } from './tabs';
import { YamlSection } from './yaml-section';

export type Competition = Schema<'CompetitionDto'>;

const TABS: TabDef[] = [
  { key: 'settings', label: 'Settings' },
  { key: 'access', label: 'Access' },
  { key: 'pages', label: 'Pages' },
  { key: 'phases', label: 'Phases' },
  { key: 'leaderboards', label: 'Leaderboards' },
  { key: 'participants', label: 'Participants' },
  { key: 'teams', label: 'Teams' },
  { key: 'submissions', label: 'Submissions' },
  { key: 'yaml', label: 'YAML' },
  { key: 'queue', label: 'Queue and export' },
];

/** Everything an organizer changes about one competition, one tab per concern (the tab is in the URL). */
export function OrganizeCompetitionPage() {
  const { competitionId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  // The upload's warnings arrive once, with the navigation from the upload; they stay until dismissed.
  const location = useLocation();
  const [warnings, setWarnings] = useState(() => uploadWarningsOf(location.state));
  const tab = TABS.some((t) => t.key === search.get('tab')) ? search.get('tab')! : 'settings';
  // A section with edits not saved yet (the YAML editor) makes a tab change ask first: the change would drop them.
  const unsaved = useRef(false);
  const onUnsaved = useCallback((u: boolean) => {
    unsaved.current = u;
  }, []);
  const selectTab = (key: string) => {
    if (key === tab) {
      return;
    }
    if (unsaved.current && !window.confirm('Leave this tab? Your changes to competition.yaml are not saved.')) {
      return;
    }
    unsaved.current = false;
    setSearch({ tab: key }, { replace: true });
  };
  const comp = useLoad(
    async () => unwrap(await api.GET('/api/competitions/{id}', { params: { path: { id: competitionId } } })),
    [competitionId],
  );

  usePageTitle(TABS.find((t) => t.key === tab)?.label, comp.data ? `Manage ${comp.data.title}` : undefined);

  if (comp.loading && !comp.data) {
    return <Loading />;
  }
  if (!comp.data) {
    return (
      <>
        <h1>Competition</h1>
        <ErrorMessage error={comp.error ?? 'Not found'} />
      </>
    );
  }
  const c = comp.data;
  if (!c.isOrganizer) {
    return (
      <>
        <h1>{c.title}</h1>
        <p className="error" role="alert">
          You do not organize this competition. <Link to={`/competitions/${c.id}`}>Open its page</Link>.
        </p>
      </>
    );
  }
  // Sections hand back the competition the API returns after an edit, so every tab shows the saved state.
  const changed = () => comp.reload();

  return (
    <>
      <h1>{c.title}</h1>
      <p className="row">
        <Link to="/organize">All my competitions</Link>
        <Link to={`/competitions/${c.id}`}>Participant view</Link>
        <Link to={`/organize/competitions/${c.id}/insight`}>Insight</Link>
      </p>
      <ErrorMessage error={comp.error} />
      {c.visibility === 'draft' && tab !== 'access' && (
        <p className="notice" role="note" data-testid="draft-notice">
          This competition is a draft: only its organizers see it.{' '}
          <button type="button" className="secondary" onClick={() => selectTab('access')}>
            Open it to participants
          </button>
        </p>
      )}
      {warnings && (
        <UploadWarnings
          warnings={warnings.uploadWarnings}
          file={warnings.uploadedFile}
          onDismiss={() => setWarnings(undefined)}
        />
      )}
      <Tabs tabs={TABS} selected={tab} label="Competition administration" onSelect={selectTab}>
        {tab === 'settings' && <SettingsSection competition={c} onChanged={changed} />}
        {tab === 'access' && <AccessSection competition={c} onChanged={changed} />}
        {tab === 'pages' && <PagesSection competition={c} onChanged={changed} />}
        {tab === 'phases' && <PhasesSection competition={c} onChanged={changed} />}
        {tab === 'leaderboards' && <LeaderboardsSection competition={c} onChanged={changed} />}
        {tab === 'participants' && <ParticipantsSection competition={c} />}
        {tab === 'teams' && <TeamsSection competition={c} />}
        {tab === 'submissions' && <SubmissionsSection competition={c} />}
        {tab === 'yaml' && <YamlSection competition={c} onChanged={changed} onUnsaved={onUnsaved} />}
        {tab === 'queue' && <ExportQueueSection competition={c} />}
      </Tabs>
    </>
  );
}
