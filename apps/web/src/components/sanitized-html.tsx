import { useMemo } from 'react';
import { sanitizePage } from '../lib/sanitize';

/** A competition page or terms (Markdown or HTML), sanitized; the only place the app sets inner HTML. */
export function SanitizedHtml({ source, className = 'page-content' }: { source: string; className?: string }) {
  const html = useMemo(() => sanitizePage(source), [source]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
