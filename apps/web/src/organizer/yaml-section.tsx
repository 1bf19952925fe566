import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, ApiError, errorMessage } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { unwrapRefusable } from './refused-error';
import { useAction } from './use-action';

async function loadYaml(id: string): Promise<string> {
  const r = await api.GET('/api/competitions/{id}/yaml', { params: { path: { id } }, parseAs: 'text' });
  if (!r.response.ok) {
    throw new ApiError(r.response.status, errorMessage(r.error, `${r.response.status} ${r.response.statusText}`));
  }
  return r.data as string;
}

function YamlEditor({
  competition,
  initial,
  onChanged,
}: {
  competition: Competition;
  initial: string;
  onChanged(): void;
}) {
  const id = useId();
  const [text, setText] = useState(initial);
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () =>
        unwrapRefusable(
          await api.PUT('/api/competitions/{id}/yaml', {
            params: { path: { id: competition.id } },
            body: { yaml: text },
          }),
        ),
      'competition.yaml saved.',
    );
    if (ok) {
      onChanged();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>competition.yaml</label>
      <textarea
        id={id}
        className="yaml"
        rows={28}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          Save YAML
        </button>
        <button
          type="button"
          className="secondary"
          disabled={action.busy || text === initial}
          onClick={() => setText(initial)}
        >
          Undo my changes
        </button>
      </div>
      <ActionStatus action={action} refusedTitle="competition.yaml refused" />
    </form>
  );
}

/**
 * The whole competition.yaml (version 2, parts named by dataset key), edited as text. The API runs the bundle
 * validator on it, so a mistake comes back with the same file, YAML path and line as an upload would.
 */
export function YamlSection({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const yaml = useLoad(() => loadYaml(competition.id), [competition.id]);
  return (
    <>
      <h2>Edit competition.yaml</h2>
      <p className="muted">
        Changes everything at once: phases, tasks, leaderboards, pages. Removing something that has submissions is
        refused.
      </p>
      {yaml.loading && yaml.data === undefined ? <Loading /> : null}
      <ErrorMessage error={yaml.error} />
      {yaml.data !== undefined && <YamlEditor competition={competition} initial={yaml.data} onChanged={onChanged} />}
    </>
  );
}
