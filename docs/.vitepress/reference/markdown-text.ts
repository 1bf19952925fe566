/**
 * Text from the code (comments, messages) made safe in a Markdown table cell that VitePress compiles as a Vue
 * template: no raw pipes or line breaks, and outside `code spans` no `<` that would open a tag and no `{{` that Vue
 * would evaluate.
 */
export function tableCell(text: string): string {
  return text
    .replace(/\n/g, ' ')
    .split('`')
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;'),
    )
    .join('`')
    .replace(/\|/g, '\\|');
}
