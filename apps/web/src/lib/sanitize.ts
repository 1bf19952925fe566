import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { demoteHeadings } from './demote-headings';

let hooked = false;

/** Markdown or HTML (v1 bundles' pages) to HTML that runs nothing: marked, then DOMPurify. */
export function sanitizePage(source: string): string {
  if (!hooked) {
    // Links that open a new tab must not hand our window to the target.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('target')) {
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  const html = marked.parse(source, { async: false, gfm: true });
  return demoteHeadings(
    DOMPurify.sanitize(html, {
      FORBID_TAGS: ['style', 'form', 'iframe', 'object', 'embed'],
      USE_PROFILES: { html: true },
    }),
  );
}
