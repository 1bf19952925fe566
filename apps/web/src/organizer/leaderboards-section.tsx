import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schema } from '../lib/api';
import { ActionStatus } from './action-status';
import { moveItem, slugKey } from './list-edit';
import type { Competition } from './organize-competition-page';
import { unwrapRefusable } from './refused-error';
import { useAction } from './use-action';

type Column = Schema<'LeaderboardColumnInputDto'>;
type Rule = NonNullable<Schema<'LeaderboardInputDto'>['submissionRule']>;
const RULES: Rule[] = [
  'Add',
  'Add_And_Delete',
  'Add_And_Delete_Multiple',
  'Force_Last',
  'Force_Latest_Multiple',
  'Force_Best',
];

interface Draft {
  key: string;
  title: string;
  hidden: boolean;
  submissionRule: Rule;
  primaryIndex: number;
  columns: Column[];
}

function ColumnRow({
  column,
  n,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  column: Column;
  n: number;
  count: number;
  onChange(c: Column): void;
  onMove(to: number): void;
  onRemove(): void;
}) {
  const ids = { title: useId(), key: useId(), index: useId(), sorting: useId(), precision: useId() };
  const name = column.title || `column ${n + 1}`;
  return (
    <fieldset>
      <legend>Column {n + 1}</legend>
      <div className="org-grid">
        <div>
          <label htmlFor={ids.title}>Title</label>
          <input
            id={ids.title}
            type="text"
            required
            value={column.title}
            onChange={(e) => onChange({ ...column, title: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={ids.key}>Key (score name)</label>
          <input
            id={ids.key}
            type="text"
            required
            value={column.key}
            onChange={(e) => onChange({ ...column, key: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={ids.index}>Index</label>
          <input
            id={ids.index}
            type="number"
            min={0}
            required
            value={column.index}
            onChange={(e) => onChange({ ...column, index: Number(e.target.value) })}
          />
        </div>
        <div>
          <label htmlFor={ids.sorting}>Better scores are</label>
          <select
            id={ids.sorting}
            value={column.sorting}
            onChange={(e) => onChange({ ...column, sorting: e.target.value as Column['sorting'] })}
          >
            <option value="desc">higher (descending)</option>
            <option value="asc">lower (ascending)</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.precision}>Decimals shown</label>
          <input
            id={ids.precision}
            type="number"
            min={0}
            max={10}
            value={column.precision ?? 2}
            onChange={(e) => onChange({ ...column, precision: Number(e.target.value) })}
          />
        </div>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={column.hidden}
          onChange={(e) => onChange({ ...column, hidden: e.target.checked })}
        />
        Hide this column from participants
      </label>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={n === 0}
          onClick={() => onMove(n - 1)}
          aria-label={`Move ${name} left`}
        >
          Move left
        </button>
        <button
          type="button"
          className="secondary"
          disabled={n === count - 1}
          onClick={() => onMove(n + 1)}
          aria-label={`Move ${name} right`}
        >
          Move right
        </button>
        <button
          type="button"
          className="danger"
          disabled={count === 1}
          onClick={onRemove}
          aria-label={`Remove ${name}`}
        >
          Remove
        </button>
      </div>
    </fieldset>
  );
}

function LeaderboardForm({
  competition,
  initial,
  isNew,
  onChanged,
}: {
  competition: Competition;
  initial: Draft;
  isNew: boolean;
  onChanged(): void;
}) {
  const ids = { title: useId(), key: useId(), rule: useId(), primary: useId() };
  const [draft, setDraft] = useState(initial);
  const action = useAction();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const key = draft.key || slugKey(draft.title);
    const body: Schema<'LeaderboardInputDto'> = {
      title: draft.title,
      hidden: draft.hidden,
      submissionRule: draft.submissionRule,
      primaryIndex: draft.primaryIndex,
      columns: draft.columns,
    };
    const ok = await action.run(
      async () =>
        unwrapRefusable(
          await api.PUT('/api/competitions/{id}/leaderboards/{key}', {
            params: { path: { id: competition.id, key } },
            body,
          }),
        ),
      `Leaderboard ${draft.title} saved.`,
    );
    if (ok) {
      onChanged();
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)}>
      <div className="org-grid">
        <div>
          <label htmlFor={ids.title}>Leaderboard title</label>
          <input
            id={ids.title}
            type="text"
            required
            value={draft.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        </div>
        {isNew && (
          <div>
            <label htmlFor={ids.key}>Key (empty: from the title)</label>
            <input id={ids.key} type="text" value={draft.key} onChange={(e) => set({ key: e.target.value })} />
          </div>
        )}
        <div>
          <label htmlFor={ids.rule}>Submission rule</label>
          <select
            id={ids.rule}
            value={draft.submissionRule}
            onChange={(e) => set({ submissionRule: e.target.value as Rule })}
          >
            {RULES.map((r) => (
              <option key={r} value={r}>
                {r.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.primary}>Ranked by</label>
          <select
            id={ids.primary}
            value={draft.primaryIndex}
            onChange={(e) => set({ primaryIndex: Number(e.target.value) })}
          >
            {draft.columns.map((c, i) => (
              <option key={i} value={c.index}>
                {c.title || c.key || `column ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={draft.hidden} onChange={(e) => set({ hidden: e.target.checked })} />
        Hide this leaderboard from participants
      </label>
      {draft.columns.map((c, i) => (
        <ColumnRow
          key={i}
          column={c}
          n={i}
          count={draft.columns.length}
          onChange={(next) => set({ columns: draft.columns.map((x, j) => (j === i ? next : x)) })}
          onMove={(to) => set({ columns: moveItem(draft.columns, i, to) })}
          onRemove={() => set({ columns: draft.columns.filter((_, j) => j !== i) })}
        />
      ))}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set({
              columns: [
                ...draft.columns,
                {
                  title: '',
                  key: '',
                  index: Math.max(-1, ...draft.columns.map((c) => c.index)) + 1,
                  sorting: 'desc',
                  precision: 2,
                  hidden: false,
                },
              ],
            })
          }
        >
          Add a column
        </button>
        <button type="submit" disabled={action.busy}>
          {isNew ? 'Add leaderboard' : `Save ${initial.title}`}
        </button>
      </div>
      <ActionStatus action={action} refusedTitle="Leaderboard refused" />
    </form>
  );
}

/** The rule and ranking column are not in the competition detail: read them from the first phase's board. */
async function loadDraft(competition: Competition, board: Competition['leaderboards'][number]): Promise<Draft> {
  // Everything the API reports is kept, so saving a board never drops a hidden flag, a group or a computation.
  const columns: Column[] = board.columns.map((c) => ({
    title: c.title,
    key: c.key,
    index: c.index,
    sorting: c.sorting,
    precision: c.precision,
    hidden: c.hidden ?? false,
    ...(c.group ? { group: c.group } : {}),
    ...(c.computation
      ? { computation: c.computation as Column['computation'], computationIndexes: c.computationIndexes }
      : {}),
    ...(c.rankAggregate ? { rankAggregate: c.rankAggregate } : {}),
  }));
  let submissionRule: Rule = 'Add';
  let primaryIndex = columns[0]?.index ?? 0;
  const phase = competition.phases[0];
  if (phase) {
    const r = await api.GET('/api/phases/{phaseId}/leaderboards/{key}', {
      params: { path: { phaseId: phase.id, key: board.key }, query: { limit: 1 } },
    });
    if (r.data) {
      if (RULES.includes(r.data.submissionRule as Rule)) {
        submissionRule = r.data.submissionRule as Rule;
      }
      primaryIndex = columns.find((c) => c.key === r.data.primaryKey)?.index ?? primaryIndex;
    }
  }
  return { key: board.key, title: board.title, hidden: board.hidden ?? false, submissionRule, primaryIndex, columns };
}

function ExistingBoard({
  competition,
  board,
  onChanged,
}: {
  competition: Competition;
  board: Competition['leaderboards'][number];
  onChanged(): void;
}) {
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<unknown>();
  return (
    <section className="card" aria-labelledby={`lb-${board.key}`}>
      <h3 id={`lb-${board.key}`}>
        {board.title} <span className="muted">({board.key})</span>
      </h3>
      <p className="muted">{board.columns.map((c) => c.title).join(', ')}</p>
      {draft ? (
        <LeaderboardForm competition={competition} initial={draft} isNew={false} onChanged={onChanged} />
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => void loadDraft(competition, board).then(setDraft, setError)}
        >
          Edit {board.title}
        </button>
      )}
      {error ? <p className="error">{String(error)}</p> : null}
    </section>
  );
}

/** Leaderboards: edit columns and rules, add one, and rebuild every board from the stored scores. */
export function LeaderboardsSection({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const rebuild = useAction();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <h2>Leaderboards</h2>
      {competition.leaderboards.map((b) => (
        <ExistingBoard key={b.key} competition={competition} board={b} onChanged={onChanged} />
      ))}
      {adding ? (
        <section className="card" aria-labelledby="lb-new">
          <h3 id="lb-new">New leaderboard</h3>
          <LeaderboardForm
            competition={competition}
            isNew
            initial={{
              key: '',
              title: '',
              submissionRule: 'Add',
              primaryIndex: 0,
              columns: [{ title: '', key: '', index: 0, sorting: 'desc', precision: 2, hidden: false }],
              hidden: false,
            }}
            onChanged={() => {
              setAdding(false);
              onChanged();
            }}
          />
        </section>
      ) : (
        <button type="button" className="secondary" onClick={() => setAdding(true)}>
          New leaderboard
        </button>
      )}
      <h3>Rebuild</h3>
      <p className="muted">Recomputes every board of every phase from the stored scores, e.g. after changing a rule.</p>
      <button
        type="button"
        disabled={rebuild.busy}
        onClick={() =>
          void rebuild.run(async () => {
            const r = unwrap(
              await api.POST('/api/competitions/{id}/leaderboards/rebuild', {
                params: { path: { id: competition.id } },
              }),
            );
            return r;
          }, 'Leaderboards rebuilt.')
        }
      >
        Rebuild leaderboards
      </button>
      <ActionStatus action={rebuild} />
    </>
  );
}
