import { DomainError } from './domain.error';

/**
 * Characters no text the API takes may hold: C0 controls other than tab, line feed and carriage return (NUL made
 * PostgreSQL refuse the statement: a 500), DEL and the C1 controls, U+FFFD (what invalid UTF-8 in a multipart field
 * becomes), and unpaired surrogates (JSON can write them as \ud800; they are no Unicode text).
 */
const NEVER =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * Names are one line of text shown beside others' (usernames, team and competition names, titles, subjects, keys):
 * no tab or line break either, no byte-order mark (a Markdown page may start with one), and none of the bidirectional
 * overrides and isolates that make a name read as another (U+202A-U+202E, U+2066-U+2069).
 */
const NOT_IN_NAMES = /[\t\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** Properties holding names, by the end of their name (`name`, `methodName`, `title`, `email`, `key`...). */
const NAME_PROPERTY = /(name|title|subject|login|email|key)$/i;

/** The first forbidden character of `text` as a field may hold it, or null. */
export function forbiddenCharacter(text: string, isName: boolean): string | null {
  const m = NEVER.exec(text) ?? (isName ? NOT_IN_NAMES.exec(text) : null);
  if (!m) {
    return null;
  }
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Refuses (400, naming the field and the character) a request value holding a character above: a path parameter
 * (`isName`: it names something), or a body or query whose strings are checked at any depth, names by their property.
 */
export function assertCleanText(value: unknown, where: string, isName: boolean): void {
  if (typeof value === 'string') {
    const bad = forbiddenCharacter(value, isName);
    if (bad) {
      throw new DomainError('bad_request', `${where} must not contain the control or invisible character ${bad}`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertCleanText(v, `${where}[${i}]`, isName));
    return;
  }
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    for (const [k, v] of Object.entries(value)) {
      const key = forbiddenCharacter(k, true);
      if (key) {
        throw new DomainError(
          'bad_request',
          `a property name of ${where} holds the control or invisible character ${key}`,
        );
      }
      assertCleanText(v, where === 'body' || where === 'query' ? k : `${where}.${k}`, NAME_PROPERTY.test(k));
    }
  }
}

/** Parsed JSON and multipart fields (Object.prototype), and query strings (a prototype without one): not class instances. */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * `value` (text, or JSON at any depth, keys included) without NUL, which PostgreSQL text and jsonb cannot hold: for
 * what a worker reports from a program's output (a failure's last lines, live log text, extra scores), which may hold
 * anything and must still be stored. `replacement` keeps byte offsets where a caller counts them (one byte for one).
 */
export function withoutNul<T>(value: T, replacement = '\ufffd'): T {
  if (typeof value === 'string') {
    return (value.includes('\u0000') ? value.replace(/\u0000/g, replacement) : value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((v: unknown) => withoutNul(v, replacement)) as T;
  }
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [withoutNul(k, replacement), withoutNul(v, replacement)]),
    ) as T;
  }
  return value;
}
