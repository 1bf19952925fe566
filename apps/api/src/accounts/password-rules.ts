/**
 * bcrypt reads the first 72 bytes of a password and ignores the rest, so two passwords that share those bytes would
 * both open the account. Longer passwords are refused, at signup, reset and login alike, rather than pre-hashed:
 * a pre-hash would need a second stored hash format next to the existing hashes (and a raw digest may hold NUL
 * bytes, where bcrypt stops), while 72 bytes leave room for a passphrase of a dozen words.
 */
export const PASSWORD_MAX_BYTES = 72;

/** Why a password cannot be used, or null. */
export function passwordProblem(password: string): string | null {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes <= PASSWORD_MAX_BYTES) {
    return null;
  }
  return `password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (this one has ${bytes}): what follows would be ignored when it is checked`;
}
