import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface DeadLink {
  page: string;
  link: string;
  why: string;
}

const BASE = '/docs/';

/**
 * Every internal link, image and script of a built site (under BASE), checked against the files: the page or file
 * must exist, and a `#fragment` must be the id of an element of the page it points to.
 */
export function deadLinks(siteRoot: string): DeadLink[] {
  const pages = htmlFiles(siteRoot);
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    let found = ids.get(file);
    if (!found) {
      found = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1])));
      ids.set(file, found);
    }
    return found;
  };
  const dead: DeadLink[] = [];
  for (const file of pages) {
    const page = `${BASE}${relative(siteRoot, file).split('\\').join('/')}`;
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(/<(a|img|link|script)\b[^>]*?\s(href|src)="([^"]*)"/g)) {
      const link = decodeEntities(m[3]);
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(link)) {
        continue;
      } // another site, mailto:, data:
      const url = new URL(link, `http://docs.invalid${page}`);
      if (!url.pathname.startsWith(BASE)) {
        dead.push({ page, link, why: `outside ${BASE}` });
        continue;
      }
      const target = targetFile(siteRoot, decodeURIComponent(url.pathname.slice(BASE.length)));
      if (!target) {
        dead.push({ page, link, why: 'no such page or file' });
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && target.endsWith('.html') && !idsOf(target).has(fragment)) {
        dead.push({ page, link, why: `no element with id "${fragment}" in ${relative(siteRoot, target)}` });
      }
    }
  }
  return dead;
}

function targetFile(root: string, path: string): string | null {
  const candidates =
    path === '' || path.endsWith('/')
      ? [join(root, path, 'index.html')]
      : [join(root, path), join(root, `${path}.html`)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

export function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      return htmlFiles(path);
    }
    return e.name.endsWith('.html') ? [path] : [];
  });
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
