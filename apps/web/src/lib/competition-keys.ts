// Secret keys of unlisted competitions this browser opened through their link (`/competitions/<id>?key=...`): sent
// with every API request (X-Competition-Key), so the competition's boards, files and registration work too.
const KEY = 'arena.competitionKeys';
const MAX = 32;

function read(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Keeps the key of a competition opened by its secret link (the newest MAX are kept). */
export function rememberCompetitionKey(competitionId: string, key: string): void {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    return;
  }
  const keys = read();
  delete keys[competitionId];
  const next = Object.entries({ ...keys, [competitionId]: key }).slice(-MAX);
  localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(next)));
}

/** The header carrying every key held, or none. */
export function competitionKeyHeaders(): Record<string, string> {
  const keys = Object.values(read());
  return keys.length ? { 'x-competition-key': keys.join(',') } : {};
}
