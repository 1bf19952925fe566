/**
 * Organizer pages start their own headings at h1; inside our page (which has its own h1) they move one level down so
 * the outline stays in order. Runs on DOMPurify's output, whose tags are well-formed.
 */
export function demoteHeadings(html: string): string {
  return html.replace(
    /<(\/?)h([1-6])(?=[\s>])/gi,
    (_m, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + 1)}`,
  );
}
