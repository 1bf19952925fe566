/** URL names of a competition's pages ("Getting started" -> getting-started); a repeated or empty one gets its number. */
export function pageSlugs(titles: readonly string[]): string[] {
  const seen = new Set<string>();
  return titles.map((title, i) => {
    const base = title
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const slug = !base || seen.has(base) ? `${base ? `${base}-` : 'page-'}${i + 1}` : base;
    seen.add(slug);
    return slug;
  });
}
