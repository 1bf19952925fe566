import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { PHASE_COLORS, phaseColorClass } from '../lib/phase-facts';
import { ErrorMessage } from '../components/error-message';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { PhaseTasks } from './phase-tasks';
import { phaseDatesError, phaseFormErrors, type FormError, type PhaseField } from './phase-form-errors';
import { RefusedError, unwrapRefusable } from './refused-error';
import { fromLocalInput, parseLimit, toLocalInput } from './time';
import { useAction } from './use-action';

type Phase = Schema<'PhaseDto'>;

/** Hide or reveal a phase's scores; participants see none while hidden. */
function ResultsVisibility({ phase, onChanged }: { phase: Phase; onChanged(): void }) {
  const action = useAction();
  const [hidden, setHidden] = useState(phase.resultsHidden);
  async function toggle() {
    const phaseId = phase.id;
    const ok = await action.run(
      async () => {
        const r = hidden
          ? unwrap(await api.POST('/api/phases/{phaseId}/reveal', { params: { path: { phaseId } } }))
          : unwrap(await api.POST('/api/phases/{phaseId}/hide-results', { params: { path: { phaseId } } }));
        setHidden(r.resultsHidden);
      },
      hidden ? `Results of ${phase.name} revealed.` : `Results of ${phase.name} hidden from participants.`,
    );
    if (ok) {
      onChanged();
    }
  }
  return (
    <div>
      <p data-testid={`results-visibility-${phase.index}`}>
        Results: <strong>{hidden ? 'hidden from participants' : 'visible to participants'}</strong>
      </p>
      <button
        type="button"
        className={hidden ? undefined : 'secondary'}
        disabled={action.busy}
        onClick={() => void toggle()}
      >
        {hidden ? `Reveal results of ${phase.name}` : `Hide results of ${phase.name}`}
      </button>
      <ActionStatus action={action} />
    </div>
  );
}

function PhaseForm({ competitionId, phase, onChanged }: { competitionId: string; phase: Phase; onChanged(): void }) {
  const ids = {
    name: useId(),
    description: useId(),
    start: useId(),
    end: useId(),
    perDay: useId(),
    total: useId(),
    time: useId(),
    color: useId(),
    size: useId(),
  };
  const [name, setName] = useState(phase.name);
  const [description, setDescription] = useState(phase.description);
  const [start, setStart] = useState(toLocalInput(phase.startAt));
  const [end, setEnd] = useState(toLocalInput(phase.endAt));
  const [perDay, setPerDay] = useState(phase.maxSubmissionsPerDay?.toString() ?? '');
  const [total, setTotal] = useState(phase.maxSubmissions?.toString() ?? '');
  const [timeLimit, setTimeLimit] = useState(String(phase.executionTimeLimitSec));
  const [requiresGpu, setRequiresGpu] = useState(phase.requiresGpu);
  const [scoringOnly, setScoringOnly] = useState(phase.scoringOnly);
  const [color, setColor] = useState<Phase['color']>(phase.color);
  const [sizeMb, setSizeMb] = useState(String(phase.maxSubmissionSizeMb));
  const action = useAction();
  // Errors of this form, each on its field where it names one: never as a YAML problem (file, line, ISO dates).
  const [dateError, setDateError] = useState<FormError>();
  const refusal = action.error instanceof RefusedError ? action.error.refusal : undefined;
  const errors: FormError[] = dateError ? [dateError] : refusal ? phaseFormErrors(refusal, phase.index) : [];
  const formErrors = errors.filter((x) => !x.field);
  const errorId = (field: PhaseField) => `${ids[field]}-error`;
  const invalid = (field: PhaseField) =>
    errors.some((x) => x.field === field) ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {};
  const below = (field: PhaseField) => {
    const mine = errors.filter((x) => x.field === field);
    return mine.length ? (
      <p className="error field-error" id={errorId(field)}>
        {mine.map((x) => x.message).join(' ')}
      </p>
    ) : null;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    let dates: FormError | undefined;
    try {
      dates = phaseDatesError(fromLocalInput(start), fromLocalInput(end));
    } catch {
      dates = undefined; // an unreadable date is named by the save below
    }
    setDateError(dates);
    if (dates) {
      return;
    }
    const ok = await action.run(async () => {
      const body: Schema<'UpdatePhaseDto'> = {
        name,
        description,
        start: fromLocalInput(start) ?? undefined,
        end: fromLocalInput(end),
        maxSubmissionsPerDay: parseLimit(perDay, 'Submissions per day'),
        maxSubmissions: parseLimit(total, 'Submissions in all'),
        executionTimeLimitSec: parseLimit(timeLimit, 'Time limit', 1) ?? undefined,
        requiresGpu,
        scoringOnly,
        color,
      };
      // The API reports the effective cap (the platform's when the phase sets none): send it only when edited.
      if (sizeMb.trim() !== String(phase.maxSubmissionSizeMb)) {
        body.maxSubmissionSizeMb = parseLimit(sizeMb, 'Largest submission', 1);
      }
      unwrapRefusable(
        await api.PATCH('/api/competitions/{id}/phases/{phaseId}', {
          params: { path: { id: competitionId, phaseId: phase.id } },
          body,
        }),
      );
    }, `${name} saved.`);
    if (ok) {
      onChanged();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <div className="org-grid">
        <div>
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            type="text"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...invalid('name')}
          />
          {below('name')}
        </div>
        <div>
          <label htmlFor={ids.start}>Starts (your time zone)</label>
          <input
            id={ids.start}
            type="datetime-local"
            required
            value={start}
            onChange={(e) => setStart(e.target.value)}
            {...invalid('start')}
          />
          {below('start')}
        </div>
        <div>
          <label htmlFor={ids.end}>Ends (empty: never)</label>
          <input
            id={ids.end}
            type="datetime-local"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
            {...invalid('end')}
          />
          {below('end')}
        </div>
        <div>
          <label htmlFor={ids.perDay}>Submissions per day (empty: unlimited)</label>
          <input
            id={ids.perDay}
            type="number"
            min={0}
            value={perDay}
            onChange={(e) => setPerDay(e.target.value)}
            {...invalid('perDay')}
          />
          {below('perDay')}
        </div>
        <div>
          <label htmlFor={ids.total}>Submissions in all (empty: unlimited)</label>
          <input
            id={ids.total}
            type="number"
            min={0}
            value={total}
            onChange={(e) => setTotal(e.target.value)}
            {...invalid('total')}
          />
          {below('total')}
        </div>
        <div>
          <label htmlFor={ids.time}>Time limit per run, seconds</label>
          <input
            id={ids.time}
            type="number"
            min={1}
            required
            value={timeLimit}
            onChange={(e) => setTimeLimit(e.target.value)}
            {...invalid('time')}
          />
          {below('time')}
        </div>
        <div>
          <label htmlFor={ids.size}>Largest submission, MB (empty: the platform's cap)</label>
          <input
            id={ids.size}
            type="number"
            min={1}
            value={sizeMb}
            onChange={(e) => setSizeMb(e.target.value)}
            {...invalid('size')}
          />
          {below('size')}
        </div>
        <div>
          <label htmlFor={ids.color}>Tab colour</label>
          <select
            id={ids.color}
            value={color ?? ''}
            onChange={(e) => setColor((e.target.value || null) as Phase['color'])}
          >
            <option value="">None</option>
            {PHASE_COLORS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label htmlFor={ids.description}>Description</label>
      <textarea
        id={ids.description}
        rows={2}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        {...invalid('description')}
      />
      {below('description')}
      <label className="checkbox">
        <input type="checkbox" checked={requiresGpu} onChange={(e) => setRequiresGpu(e.target.checked)} />
        Runs need GPU workers
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={scoringOnly} onChange={(e) => setScoringOnly(e.target.checked)} />
        Results only: submissions are scored as they are, no prediction step runs
      </label>
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          Save {phase.name}
        </button>
      </div>
      <p className="ok notice" role="status" aria-live="polite">
        {action.notice}
      </p>
      {errors.length > 0 ? (
        <div className="error" role="alert" data-testid={`phase-form-errors-${phase.index}`}>
          <p>
            {phase.name} was not saved
            {errors.length > formErrors.length
              ? `: see the ${errors.length - formErrors.length === 1 ? 'field' : 'fields'} marked above.`
              : '.'}
          </p>
          {formErrors.length > 0 && (
            <ul>
              {formErrors.map((x, i) => (
                <li key={i}>{x.message}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <ErrorMessage error={action.error} />
      )}
    </form>
  );
}

/** Each phase: dates, limits, size cap, colour, GPU need, results only, and whether participants see its scores yet. */
export function PhasesSection({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  return (
    <>
      <h2>Phases</h2>
      {competition.phases.map((p) => (
        <section
          key={p.id}
          className={['card', phaseColorClass(p.color)].filter(Boolean).join(' ')}
          aria-labelledby={`phase-${p.id}`}
        >
          <h3 id={`phase-${p.id}`}>
            {p.index}. {p.name} <span className="muted">({p.state})</span>
          </h3>
          <p className="muted">
            {formatDateTime(p.startAt)} to {p.endAt ? formatDateTime(p.endAt) : 'no end'}
          </p>
          <ResultsVisibility phase={p} onChanged={onChanged} />
          <PhaseTasks phase={p} onChanged={onChanged} />
          <PhaseForm competitionId={competition.id} phase={p} onChanged={onChanged} />
        </section>
      ))}
    </>
  );
}
