// The session token lives in localStorage so a reload keeps the user signed in.
const KEY = 'arena.token';

export function readToken(): string | undefined {
  return localStorage.getItem(KEY) ?? undefined;
}

export function writeToken(token: string | undefined): void {
  if (token) {
    localStorage.setItem(KEY, token);
  } else {
    localStorage.removeItem(KEY);
  }
}
