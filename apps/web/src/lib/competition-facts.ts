// Competition-level facts for the competition page (contact, redirect, podium); unit-tested in
// competition-facts.spec.ts.

/**
 * A mailto: link for a plain address, or undefined: an address with a '?' or other extras would let stored text
 * prefill a mail's subject, body or other recipients, so such a value is shown as text only.
 */
export function mailtoHref(email: string | null | undefined): string | undefined {
  const e = email?.trim();
  if (!e || !/^[^\s@?&#/\\:;,<>"']+@[^\s@?&#/\\:;,<>"']+\.[^\s@?&#/\\:;,<>"']+$/.test(e)) {
    return undefined;
  }
  return `mailto:${e}`;
}

/** An http(s) address as a URL string, or undefined for anything else (javascript:, data:, relative paths). */
export function webUrl(url: string | null | undefined): string | undefined {
  const u = url?.trim();
  if (!u) {
    return undefined;
  }
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** "Benchmark" / "Competition". */
export function competitionTypeLabel(type: 'competition' | 'benchmark'): string {
  return type === 'benchmark' ? 'Benchmark' : 'Competition';
}

export interface PodiumRow {
  rank: number | null;
  position: number;
}

/** CodaLab's top three: the first three ranked rows of a board (rows without a primary score are not placed). */
export function podium<R extends PodiumRow>(rows: readonly R[]): R[] {
  return [...rows]
    .filter((r) => r.rank !== null)
    .sort((a, b) => a.position - b.position)
    .slice(0, 3);
}

/** The board the competition page features: the first one the caller may see (organizers also get hidden ones). */
export function featuredBoard<B extends { hidden?: boolean }>(boards: readonly B[]): B | undefined {
  return boards.find((b) => !b.hidden);
}
