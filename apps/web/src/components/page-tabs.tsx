import { useRef, useState } from 'react';
import type { Schema } from '../lib/api';
import { SanitizedHtml } from './sanitized-html';

/** A competition's pages as tabs: arrow keys, Home and End move between them (WAI-ARIA tabs pattern). */
export function PageTabs({ pages }: { pages: Schema<'PageDto'>[] }) {
  const [selected, setSelected] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!pages.length) {
    return null;
  }
  const current = Math.min(selected, pages.length - 1);

  const select = (i: number) => {
    const next = (i + pages.length) % pages.length;
    setSelected(next);
    tabs.current[next]?.focus();
  };

  return (
    <section aria-label="Competition pages">
      <div
        className="tabs"
        role="tablist"
        aria-label="Pages"
        onKeyDown={(e) => {
          const moves: Record<string, number> = {
            ArrowRight: current + 1,
            ArrowLeft: current - 1,
            Home: 0,
            End: pages.length - 1,
          };
          if (e.key in moves) {
            e.preventDefault();
            select(moves[e.key]);
          }
        }}
      >
        {pages.map((p, i) => (
          <button
            key={i}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`page-tab-${i}`}
            aria-selected={i === current}
            aria-controls="page-panel"
            tabIndex={i === current ? 0 : -1}
            onClick={() => setSelected(i)}
          >
            {p.title}
          </button>
        ))}
      </div>
      <div id="page-panel" role="tabpanel" aria-labelledby={`page-tab-${current}`} tabIndex={0}>
        <SanitizedHtml source={pages[current].content} />
      </div>
    </section>
  );
}
