import { useEffect } from 'react';

// Page titles and focus after navigation (issue 22): every route names itself in the browser tab, and after a
// navigation inside the app the page's main heading takes the focus, so screen readers announce the new page.

/** "<page> · <competition> · Arena"; parts that are not known (yet) are left out. */
export function pageTitle(...parts: (string | null | undefined)[]): string {
  return [...parts.map((p) => p?.trim()).filter(Boolean), 'Arena'].join(' · ');
}

let titledByPage = false;

/**
 * Sets the document's title while the page shows; undefined parts (still loading) are left out, and with none known
 * the title is left as it is (an error page inside the page titles itself).
 */
export function usePageTitle(...parts: (string | null | undefined)[]): void {
  const known = parts.some((p) => p?.trim());
  const title = pageTitle(...parts);
  useEffect(() => {
    if (!known) {
      return;
    }
    titledByPage = true;
    document.title = title;
  }, [title, known]);
}

/**
 * After a navigation (not the first load): waits up to 10 s for the page's main heading (pages show it once their
 * data came), makes it focusable and focuses it; a page that set no title of its own is titled after it.
 */
export function focusMainHeading(main: HTMLElement, firstLoad: boolean): () => void {
  titledByPage = false;
  const apply = (): boolean => {
    const h1 = main.querySelector('h1');
    if (!h1) {
      return false;
    }
    if (!titledByPage) {
      document.title = pageTitle(h1.textContent);
    }
    if (!firstLoad) {
      h1.setAttribute('tabindex', '-1');
      h1.focus();
    }
    return true;
  };
  if (apply()) {
    return () => undefined;
  }
  const observer = new MutationObserver(() => {
    if (apply()) {
      observer.disconnect();
    }
  });
  observer.observe(main, { childList: true, subtree: true });
  const timer = setTimeout(() => observer.disconnect(), 10_000);
  return () => {
    observer.disconnect();
    clearTimeout(timer);
  };
}
