import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Schema } from '../lib/api';
import { pageSlugs } from '../lib/page-slugs';
import { SanitizedHtml } from './sanitized-html';

/**
 * A competition's pages as tabs: arrow keys, Home and End move between them (WAI-ARIA tabs pattern). The page shown
 * is in the URL (?page=evaluation), so it can be linked and the back button returns to the one before.
 */
export function PageTabs({ pages }: { pages: Schema<'PageDto'>[] }) {
  const [params, setParams] = useSearchParams();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const slugs = pageSlugs(pages.map((p) => p.title));
  const fromUrl = Math.max(0, slugs.indexOf(params.get('page') ?? ''));
  // Selected at once on a key or click (the URL's update is a transition that may come a moment later); the URL
  // decides again when it changes (back button, a link).
  const [selected, setSelected] = useState(fromUrl);
  useEffect(() => setSelected(fromUrl), [fromUrl]);
  if (!pages.length) {
    return null;
  }
  const current = Math.min(selected, pages.length - 1);

  const select = (i: number) => {
    const next = (i + pages.length) % pages.length;
    setSelected(next);
    const query = new URLSearchParams(params);
    if (next === 0) {
      query.delete('page');
    } else {
      query.set('page', slugs[next]);
    }
    setParams(query, { preventScrollReset: true });
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
            onClick={() => select(i)}
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
