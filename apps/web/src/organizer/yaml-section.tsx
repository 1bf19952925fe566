import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, ApiError, errorMessage } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { ProblemList } from './problem-list';
import type { Competition } from './organize-competition-page';
import { unwrapRefusable } from './refused-error';
import { useAction } from './use-action';
import type { YamlCodeEditorHandle } from './yaml-code-editor';

// CodeMirror is loaded with this tab only: participants' pages never download it.
const YamlCodeEditor = lazy(() => import('./yaml-code-editor').then((m) => ({ default: m.YamlCodeEditor })));

const YAML_FILE = 'competition.yaml';

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
  onUnsaved,
}: {
  competition: Competition;
  initial: string;
  onChanged(): void;
  onUnsaved?(unsaved: boolean): void;
}) {
  const labelId = useId();
  const hintId = useId();
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const editor = useRef<YamlCodeEditorHandle>(null);
  const action = useAction();
  const unsaved = text !== saved;

  // The page asks before a tab change drops these edits; the browser asks before a reload or close does.
  useEffect(() => {
    onUnsaved?.(unsaved);
    if (!unsaved) {
      return;
    }
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved, onUnsaved]);
  useEffect(() => () => onUnsaved?.(false), [onUnsaved]);

  const yamlProblems = (action.refusal ? [...action.refusal.problems, ...action.refusal.warnings] : []).filter(
    (p) => p.file === '' || p.file === YAML_FILE,
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const sent = text;
    const ok = await action.run(
      async () =>
        unwrapRefusable(
          await api.PUT('/api/competitions/{id}/yaml', {
            params: { path: { id: competition.id } },
            body: { yaml: sent },
          }),
        ),
      'competition.yaml saved.',
    );
    if (ok) {
      setSaved(sent);
      onChanged();
    }
  }

  // After a refused save, straight to the first problem that has a line.
  useEffect(() => {
    const first = action.refusal?.problems.find((p) => p.line !== undefined && (p.file === '' || p.file === YAML_FILE));
    if (first?.line !== undefined) {
      editor.current?.goToLine(first.line);
    }
  }, [action.refusal]);

  return (
    <form onSubmit={(e) => void submit(e)} className="yaml-form">
      <div className="yaml-layout">
        <div className="yaml-main">
          <p className="label" id={labelId}>
            competition.yaml{unsaved ? <span className="muted"> (unsaved changes)</span> : null}
          </p>
          <p className="visually-hidden" id={hintId}>
            A code editor with line numbers; the lines of problems are marked.
          </p>
          <Suspense fallback={<Loading />}>
            <YamlCodeEditor
              ref={editor}
              value={text}
              onChange={setText}
              problems={yamlProblems}
              labelledBy={labelId}
              describedBy={hintId}
            />
          </Suspense>
          <div className="actions">
            <button type="submit" disabled={action.busy}>
              Save YAML
            </button>
            <button
              type="button"
              className="secondary"
              disabled={action.busy || !unsaved}
              onClick={() => setText(saved)}
            >
              Undo my changes
            </button>
          </div>
        </div>
        <div className="yaml-side">
          <p className="ok notice" role="status" aria-live="polite">
            {action.notice}
          </p>
          {action.refusal ? (
            <ProblemList
              refusal={action.refusal}
              title="competition.yaml refused"
              onGoToLine={(line) => editor.current?.goToLine(line)}
            />
          ) : (
            <ErrorMessage error={action.error} />
          )}
        </div>
      </div>
    </form>
  );
}

/**
 * The whole competition.yaml (version 2, parts named by dataset key), edited as text. The API runs the bundle
 * validator on it, so a mistake comes back with the same file, YAML path and line as an upload would.
 */
export function YamlSection({
  competition,
  onChanged,
  onUnsaved,
}: {
  competition: Competition;
  onChanged(): void;
  /** Told whether the editor holds edits not saved yet, so the page can ask before a tab change drops them. */
  onUnsaved?(unsaved: boolean): void;
}) {
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
      {yaml.data !== undefined && (
        <YamlEditor competition={competition} initial={yaml.data} onChanged={onChanged} onUnsaved={onUnsaved} />
      )}
    </>
  );
}
