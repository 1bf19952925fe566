/** Every word of the query appears in one of the fields (case and accents ignored). */
export function matchesSearch(query: string, fields: readonly (string | null | undefined)[]): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) {
    return true;
  }
  const haystack = fields.map((f) => fold(f ?? '')).join(' ');
  return words.every((w) => haystack.includes(w));
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
