import { useId, useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { moveItem } from './list-edit';
import { unwrapRefusable } from './refused-error';
import { useAction } from './use-action';

interface Page {
  title: string;
  content: string;
}

function PageEditor({
  page,
  index,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  page: Page;
  index: number;
  count: number;
  onChange(p: Page): void;
  onMove(to: number): void;
  onRemove(): void;
}) {
  const ids = { title: useId(), content: useId() };
  const name = page.title || `page ${index + 1}`;
  return (
    <fieldset>
      <legend>
        Page {index + 1}: {page.title || 'untitled'}
      </legend>
      <label htmlFor={ids.title}>Title</label>
      <input
        id={ids.title}
        type="text"
        required
        value={page.title}
        onChange={(e) => onChange({ ...page, title: e.target.value })}
      />
      <label htmlFor={ids.content}>Content (Markdown or HTML)</label>
      <textarea
        id={ids.content}
        className="page-source"
        rows={8}
        value={page.content}
        onChange={(e) => onChange({ ...page, content: e.target.value })}
      />
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          aria-label={`Move up: ${name}`}
        >
          Move up
        </button>
        <button
          type="button"
          className="secondary"
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={`Move down: ${name}`}
        >
          Move down
        </button>
        <button type="button" className="danger" onClick={onRemove} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}

/** The competition's pages in order; saving replaces them all (PUT .../pages). */
export function PagesSection({ competition, onChanged }: { competition: Competition; onChanged(): void }) {
  const [pages, setPages] = useState<Page[]>(competition.pages.map((p) => ({ title: p.title, content: p.content })));
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () =>
        unwrapRefusable(
          await api.PUT('/api/competitions/{id}/pages', { params: { path: { id: competition.id } }, body: { pages } }),
        ),
      'Pages saved.',
    );
    if (ok) {
      onChanged();
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="pages-heading">
      <h2 id="pages-heading">Pages</h2>
      <p className="muted">Shown to participants as tabs, in this order. HTML is sanitized when shown.</p>
      {pages.map((p, i) => (
        <PageEditor
          key={i}
          page={p}
          index={i}
          count={pages.length}
          onChange={(next) => setPages((all) => all.map((x, j) => (j === i ? next : x)))}
          onMove={(to) => setPages((all) => moveItem(all, i, to))}
          onRemove={() => {
            // Removing drops the page's text from the form at once (it is gone once saved): asked first.
            if (
              !window.confirm(`Remove the page ${p.title ? `“${p.title}”` : i + 1}? Its text is lost once you save.`)
            ) {
              return;
            }
            setPages((all) => all.filter((_, j) => j !== i));
          }}
        />
      ))}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => setPages((all) => [...all, { title: '', content: '' }])}
        >
          Add a page
        </button>
        <button type="submit" disabled={action.busy}>
          Save pages
        </button>
      </div>
      <ActionStatus action={action} refusedTitle="Pages refused" />
    </form>
  );
}
