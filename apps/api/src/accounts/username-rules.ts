/**
 * Usernames are shown everywhere and end up in file names (the organizers' submission exports): letters, digits and
 * `.`, `_`, `-` inside, a letter or digit at both ends (so never `.`, `..` or a name that reads as a path or an
 * option), 2 to 40 characters. Accounts made before these rules keep their names and log in as before.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,38}[A-Za-z0-9]$/;

export const USERNAME_RULE =
  'username must be 2 to 40 letters, digits, dots, dashes or underscores, starting and ending with a letter or digit';

/**
 * Names that would pass for the platform, its staff or a route (`/users/me`), or for a placeholder; compared without
 * case. Pseudonyms of anonymous boards ("Participant 417") have a space and never match a username.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'abuse',
  'admin',
  'administrator',
  'all',
  'anonymous',
  'api',
  'arena',
  'default',
  'everyone',
  'guest',
  'help',
  'info',
  'mail',
  'me',
  'moderator',
  'nobody',
  'noreply',
  'no-reply',
  'null',
  'organizer',
  'organizers',
  'owner',
  'participant',
  'participants',
  'postmaster',
  'root',
  'security',
  'staff',
  'support',
  'system',
  'undefined',
  'webmaster',
  'www',
]);

/** Why a new account may not take this name, or null. */
export function usernameProblem(username: string): string | null {
  if (!USERNAME_PATTERN.test(username)) {
    return USERNAME_RULE;
  }
  if (RESERVED_USERNAMES.has(username.toLowerCase())) {
    return `username "${username}" is reserved`;
  }
  return null;
}
