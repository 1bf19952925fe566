import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schema } from '../lib/api';
import { ActionStatus } from './action-status';
import { useAction } from './use-action';

type Phase = Schema<'PhaseDto'>;

/**
 * Benchmark mode: the phase's tasks, one of the competition's tasks added later (its chosen submissions then run on
 * it, without counting against limits), or a task taken off (its scores stay as history).
 */
export function PhaseTasks({ phase, onChanged }: { phase: Phase; onChanged(): void }) {
  const action = useAction();
  const id = useId();
  const [taskIndex, setTaskIndex] = useState('');
  const [which, setWhich] = useState<'kept' | 'all'>('kept');
  const phaseId = phase.id;

  async function add(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () =>
        unwrap(
          await api.POST('/api/phases/{phaseId}/tasks', {
            params: { path: { phaseId } },
            body: { taskIndex: Number(taskIndex), submissions: which },
          }),
        ),
      (r) => `Task ${r.taskIndex} added to ${phase.name}: ${r.runs} submission(s) queued to run on it.`,
    );
    if (ok) {
      setTaskIndex('');
      onChanged();
    }
  }

  async function remove(taskId: string, name: string) {
    if (!window.confirm(`Take task "${name}" off ${phase.name}? Its scores stay on the boards as history.`)) {
      return;
    }
    const ok = await action.run(
      async () =>
        unwrap(await api.DELETE('/api/phases/{phaseId}/tasks/{taskId}', { params: { path: { phaseId, taskId } } })),
      (r) => `Task "${name}" taken off ${phase.name} (${r.cancelledRuns} unfinished run(s) cancelled).`,
    );
    if (ok) {
      onChanged();
    }
  }

  return (
    <div data-testid={`phase-tasks-${phase.index}`}>
      <h4>Tasks</h4>
      <ul>
        {phase.tasks.map((t) => (
          <li key={t.id}>
            {t.name}{' '}
            {phase.tasks.length > 1 && (
              <button
                type="button"
                className="secondary"
                disabled={action.busy}
                onClick={() => void remove(t.id, t.name)}
                aria-label={`Remove task ${t.name} from ${phase.name}`}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void add(e)} className="row">
        <label htmlFor={`${id}-index`}>Task index (competition.yaml)</label>
        <input
          id={`${id}-index`}
          type="number"
          min={0}
          required
          value={taskIndex}
          onChange={(e) => setTaskIndex(e.target.value)}
        />
        <label htmlFor={`${id}-which`}>Run on</label>
        <select id={`${id}-which`} value={which} onChange={(e) => setWhich(e.target.value as 'kept' | 'all')}>
          <option value="kept">submissions kept on the boards</option>
          <option value="all">all submissions that did not fail</option>
        </select>
        <button type="submit" disabled={action.busy || taskIndex === ''}>
          Add task to {phase.name}
        </button>
      </form>
      <ActionStatus action={action} />
    </div>
  );
}
