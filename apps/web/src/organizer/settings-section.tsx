import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { unwrapRefusable } from './refused-error';
import { parseLimit } from './time';
import { useAction } from './use-action';

/** Switches of the competition, as the API reports them to organizers (CompetitionDto.organizerSettings). */
const SWITCHES = [
  ['enableDetailedResults', 'Detailed results pages'],
  ['showDetailedResultsInLeaderboard', 'Detailed results linked from the leaderboard'],
  ['canParticipantsMakeSubmissionsPublic', 'Participants may make submissions public'],
  ['anonymousLeaderboard', 'Anonymous leaderboard (participants see others as pseudonyms)'],
  ['autoRunSubmissions', 'Run submissions automatically'],
  ['makeProgramsAvailable', "Participants may download the tasks' scoring and ingestion programs"],
  ['makeInputDataAvailable', "Participants may download the tasks' input data"],
  ['filesPublic', "Anyone, even signed out, may download the phases' files (never the reference data)"],
  ['forumEnabled', 'Forum'],
] as const;
type SwitchKey = (typeof SWITCHES)[number][0];

function currentSwitches(competition: Competition): Record<SwitchKey, boolean> {
  const s = competition.organizerSettings;
  return Object.fromEntries(SWITCHES.map(([key]) => [key, s?.[key] ?? false])) as Record<SwitchKey, boolean>;
}

function GeneralSettings({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const ids = { title: useId(), description: useId(), image: useId(), terms: useId() };
  const [title, setTitle] = useState(competition.title);
  const [description, setDescription] = useState(competition.description);
  const [dockerImage, setDockerImage] = useState(competition.dockerImage);
  const [terms, setTerms] = useState(competition.terms ?? '');
  const [autoApprove, setAutoApprove] = useState(competition.registrationAutoApprove);
  const [switches, setSwitches] = useState(() => currentSwitches(competition));
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body: Schema<'UpdateSettingsDto'> = {
      title,
      description,
      dockerImage,
      registrationAutoApprove: autoApprove,
      terms: terms.trim() ? terms : null,
    };
    // Only what the organizer changed is sent; a switch the API did not report is never guessed.
    const before = currentSwitches(competition);
    for (const [key] of SWITCHES) {
      if (competition.organizerSettings && switches[key] !== before[key]) body[key] = switches[key];
    }
    const ok = await action.run(
      async () =>
        unwrapRefusable(await api.PATCH('/api/competitions/{id}', { params: { path: { id: competition.id } }, body })),
      'Settings saved.',
    );
    if (ok) onChanged();
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="general-settings">
      <h2 id="general-settings">General</h2>
      <label htmlFor={ids.title}>Title</label>
      <input id={ids.title} type="text" required value={title} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor={ids.description}>Description</label>
      <textarea id={ids.description} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      <label htmlFor={ids.image}>Docker image</label>
      <input id={ids.image} type="text" value={dockerImage} onChange={(e) => setDockerImage(e.target.value)} />
      <label htmlFor={ids.terms}>Terms (Markdown or HTML; empty: none)</label>
      <textarea id={ids.terms} rows={4} value={terms} onChange={(e) => setTerms(e.target.value)} />
      <label className="checkbox">
        <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} />
        Approve registrations automatically
      </label>
      <fieldset>
        <legend>Other switches</legend>
        <div className="org-grid">
          {SWITCHES.map(([key, label]) => (
            <label key={key} className="checkbox">
              <input
                type="checkbox"
                checked={switches[key]}
                onChange={(e) => setSwitches((s) => ({ ...s, [key]: e.target.checked }))}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          Save settings
        </button>
      </div>
      <ActionStatus action={action} refusedTitle="Settings refused" />
    </form>
  );
}

function LimitSettings({ competitionId }: { competitionId: string }) {
  const loaded = useLoad(
    async () =>
      unwrap(await api.GET('/api/competitions/{competitionId}/settings', { params: { path: { competitionId } } })),
    [competitionId],
  );
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  return <LimitSettingsForm competitionId={competitionId} settings={loaded.data} />;
}

function LimitSettingsForm({
  competitionId,
  settings,
}: {
  competitionId: string;
  settings: Schema<'CompetitionSettingsDto'>;
}) {
  const ids = { zone: useId(), concurrent: useId(), quota: useId() };
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [countFailed, setCountFailed] = useState(settings.countFailedSubmissions);
  const [concurrent, setConcurrent] = useState(settings.maxConcurrentSubmissions?.toString() ?? '');
  const [quota, setQuota] = useState(settings.storageQuotaMb?.toString() ?? '');
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await action.run(async () => {
      const body = {
        timeZone,
        countFailedSubmissions: countFailed,
        maxConcurrentSubmissions: parseLimit(concurrent, 'Submissions in flight at once', 1),
        storageQuotaMb: parseLimit(quota, 'Storage per participant', 1),
      };
      unwrap(
        await api.PATCH('/api/competitions/{competitionId}/settings', { params: { path: { competitionId } }, body }),
      );
    }, 'Limits saved.');
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="limit-settings">
      <h2 id="limit-settings">Time zone and limits</h2>
      <div className="org-grid">
        <div>
          <label htmlFor={ids.zone}>Time zone (IANA)</label>
          <input id={ids.zone} type="text" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </div>
        <div>
          <label htmlFor={ids.concurrent}>Submissions in flight at once (empty: unlimited)</label>
          <input
            id={ids.concurrent}
            type="number"
            min={1}
            value={concurrent}
            onChange={(e) => setConcurrent(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={ids.quota}>Storage per participant, MB (empty: platform default)</label>
          <input id={ids.quota} type="number" min={1} value={quota} onChange={(e) => setQuota(e.target.value)} />
        </div>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={countFailed} onChange={(e) => setCountFailed(e.target.checked)} />
        Failed and cancelled submissions count against the limits
      </label>
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          Save limits
        </button>
      </div>
      <ActionStatus action={action} />
    </form>
  );
}

export function SettingsSection({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  return (
    <>
      <GeneralSettings competition={competition} onChanged={onChanged} />
      <LimitSettings competitionId={competition.id} />
    </>
  );
}
