import unhomoglyph from 'unhomoglyph';

/**
 * An address as accounts store and compare it: NFKC (full-width and compatibility forms become their plain
 * letters), trimmed, the domain in lower case (domains are case-insensitive; the part before @ is kept as written).
 */
export function normalizeEmail(raw: string): string {
  const text = raw.normalize('NFKC').trim();
  const at = text.lastIndexOf('@');
  return at < 0 ? text : `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}

/** Alphabets whose letters pass for one another (Latin a, Cyrillic а, Greek α...): mixing them is how look-alikes are made. */
const LOOK_ALIKE_SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic'] as const;
const SCRIPT_OF = LOOK_ALIKE_SCRIPTS.map((name) => ({ name, re: new RegExp(`\\p{Script=${name}}`, 'u') }));

/**
 * Why a (normalized) address may not make an account, or null: a part that mixes look-alike alphabets ("pаypal" with
 * a Cyrillic а), or one written wholly in another alphabet that reads as Latin letters ("раураl" in Cyrillic reads as
 * "paypal", per Unicode's confusables as `unhomoglyph` maps them). Either would let a second account pass for the
 * first. Each part is judged alone: the part before @ and each label of the domain.
 */
export function emailProblem(email: string): string | null {
  const at = email.lastIndexOf('@');
  const parts = [email.slice(0, at), ...email.slice(at + 1).split('.')];
  for (const part of parts) {
    const scripts = new Set<string>();
    for (const ch of part) {
      for (const s of SCRIPT_OF) {
        if (s.re.test(ch)) {
          scripts.add(s.name);
        }
      }
    }
    if (scripts.size > 1) {
      return `email address: "${part}" mixes ${[...scripts].join(' and ')} letters, which look alike; write it in one alphabet`;
    }
    if (scripts.size === 1 && !scripts.has('Latin')) {
      const skeleton = unhomoglyph(part);
      if (/^[\x20-\x7e]+$/.test(skeleton) && /[a-z]/i.test(skeleton)) {
        return `email address: "${part}" is written in ${[...scripts][0]} letters that read as the Latin "${skeleton}"`;
      }
    }
  }
  return null;
}
