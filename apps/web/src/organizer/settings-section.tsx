import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { unwrapRefusable } from './refused-error';
import { switchView } from './switch-dependencies';
import { parseLimit } from './time';
import { useAction } from './use-action';

/** Switches of the competition, as the API reports them to organizers (CompetitionDto.organizerSettings). */
const SWITCHES = [
  ['enableDetailedResults', 'Detailed results pages'],
  ['showDetailedResultsInSubmissionPanel', 'Submitters see the detailed results of their submissions'],
  ['showDetailedResultsInLeaderboard', 'Detailed results linked from the leaderboard'],
  ['canParticipantsMakeSubmissionsPublic', 'Participants may make submissions public'],
  ['anonymousLeaderboard', 'Anonymous leaderboard (participants see others as pseudonyms)'],
  ['autoRunSubmissions', 'Run submissions automatically'],
  ['makeProgramsAvailable', "Participants may download the tasks' scoring and ingestion programs"],
  ['makeInputDataAvailable', "Participants may download the tasks' input data"],
  ['filesPublic', "Anyone, even signed out, may download the phases' files (never the reference data)"],
] as const;
// No Forum switch: Arena has no forum yet (forumEnabled is only kept for export), and a switch must do something.
type SwitchKey = (typeof SWITCHES)[number][0];

function currentSwitches(competition: Competition): Record<SwitchKey, boolean> {
  const s = competition.organizerSettings;
  return Object.fromEntries(SWITCHES.map(([key]) => [key, s?.[key] ?? false])) as Record<SwitchKey, boolean>;
}

/** CodaLab's competition flags (CompetitionDto.options), each doing what it did there. */
const OPTION_SWITCHES = [
  ['enableTeams', 'Participants may form teams'],
  ['requireTeamApproval', 'A new team submits as a team only once approved (Teams tab)'],
  ['enableSubmissionMetadata', 'Submitters describe their method: name, description, code and paper links'],
  ['showSubmissionMetadataOnLeaderboard', 'The leaderboards show that description beside each entry'],
  ['disallowLeaderboardModifying', 'Participants cannot choose which of their submissions the leaderboards show'],
  ['hideTopThree', 'Participants see no top three on the competition page'],
  ['hideChart', "Participants see no chart of the leaderboard's best score"],
] as const;
type OptionKey = (typeof OPTION_SWITCHES)[number][0];

function currentOptions(competition: Competition): Record<OptionKey, boolean> {
  return Object.fromEntries(OPTION_SWITCHES.map(([key]) => [key, competition.options[key]])) as Record<
    OptionKey,
    boolean
  >;
}

/** One switch; disabled with the reason beside it where another switch decides it (switch-dependencies.ts). */
function Switch({
  label,
  view,
  onChange,
}: {
  label: string;
  view: ReturnType<typeof switchView>;
  onChange(on: boolean): void;
}) {
  const noteId = useId();
  return (
    <div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={view.checked}
          disabled={view.disabled}
          aria-describedby={view.note ? noteId : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {view.note && (
        <p className="muted switch-note" id={noteId}>
          {view.note}
        </p>
      )}
    </div>
  );
}

function GeneralSettings({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const ids = {
    title: useId(),
    description: useId(),
    image: useId(),
    terms: useId(),
    type: useId(),
    reward: useId(),
    contact: useId(),
    redirect: useId(),
  };
  const [title, setTitle] = useState(competition.title);
  const [description, setDescription] = useState(competition.description);
  const [dockerImage, setDockerImage] = useState(competition.dockerImage);
  const [terms, setTerms] = useState(competition.terms ?? '');
  const [autoApprove, setAutoApprove] = useState(competition.registrationAutoApprove);
  const [switches, setSwitches] = useState(() => currentSwitches(competition));
  const [options, setOptions] = useState(() => currentOptions(competition));
  const [competitionType, setCompetitionType] = useState(competition.competitionType);
  const [reward, setReward] = useState(competition.reward ?? '');
  const [contactEmail, setContactEmail] = useState(competition.contactEmail ?? '');
  const [urlRedirect, setUrlRedirect] = useState(competition.options.urlRedirect ?? '');
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
    // Texts the bundle set are sent back only when edited: a stored value the form would refuse never blocks a save.
    const texts = {
      reward: [reward, competition.reward],
      contactEmail: [contactEmail, competition.contactEmail],
      urlRedirect: [urlRedirect, competition.options.urlRedirect],
    } as const;
    for (const [key, [now, before]] of Object.entries(texts) as [
      keyof typeof texts,
      readonly [string, string | null],
    ][]) {
      if (now.trim() !== (before ?? '').trim()) {
        body[key] = now.trim() || null;
      }
    }
    if (competitionType !== competition.competitionType) {
      body.competitionType = competitionType;
    }
    const optionsBefore = currentOptions(competition);
    for (const [key] of OPTION_SWITCHES) {
      if (options[key] !== optionsBefore[key]) {
        body[key] = options[key];
      }
    }
    // Only what the organizer changed is sent; a switch the API did not report is never guessed.
    const before = currentSwitches(competition);
    for (const [key] of SWITCHES) {
      if (competition.organizerSettings && switches[key] !== before[key]) {
        body[key] = switches[key];
      }
    }
    const ok = await action.run(
      async () =>
        unwrapRefusable(await api.PATCH('/api/competitions/{id}', { params: { path: { id: competition.id } }, body })),
      'Settings saved.',
    );
    if (ok) {
      onChanged();
    }
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
      <div className="org-grid">
        <div>
          <label htmlFor={ids.type}>Type</label>
          <select
            id={ids.type}
            value={competitionType}
            onChange={(e) => setCompetitionType(e.target.value as Competition['competitionType'])}
          >
            <option value="competition">Competition</option>
            <option value="benchmark">Benchmark</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.reward}>Reward (empty: none)</label>
          <input id={ids.reward} type="text" value={reward} onChange={(e) => setReward(e.target.value)} />
        </div>
        <div>
          <label htmlFor={ids.contact}>Contact e-mail (empty: none)</label>
          <input id={ids.contact} type="email" value={contactEmail} onChange={(e) => setContactEmail(e.target.value)} />
        </div>
      </div>
      <label htmlFor={ids.redirect}>Runs elsewhere at (http:// or https://; empty: here)</label>
      <input
        id={ids.redirect}
        type="url"
        value={urlRedirect}
        aria-describedby={`${ids.redirect}-hint`}
        onChange={(e) => setUrlRedirect(e.target.value)}
      />
      <p className="muted" id={`${ids.redirect}-hint`}>
        The competition page then shows a prominent link there (CodaLab url_redirect).
      </p>
      <fieldset>
        <legend>Teams, submissions and leaderboards</legend>
        <div className="org-grid">
          {OPTION_SWITCHES.map(([key, label]) => (
            <Switch
              key={key}
              label={label}
              view={switchView(key, { ...switches, ...options })}
              onChange={(on) => setOptions((o) => ({ ...o, [key]: on }))}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Other switches</legend>
        <div className="org-grid">
          {SWITCHES.map(([key, label]) => (
            <Switch
              key={key}
              label={label}
              view={switchView(key, { ...switches, ...options })}
              onChange={(on) => setSwitches((s) => ({ ...s, [key]: on }))}
            />
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
  if (loaded.loading && !loaded.data) {
    return <Loading />;
  }
  if (!loaded.data) {
    return <ErrorMessage error={loaded.error} />;
  }
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
