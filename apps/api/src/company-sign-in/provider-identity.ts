import { usernameProblem } from '@api/accounts/username-rules';

/** Who the identity provider says signed in. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername: string | null;
  groups: string[];
}

const MAX_GROUPS = 200;

/**
 * The identity from the ID token's claims, completed by the userinfo answer (providers put e-mail and groups in one
 * or the other). `email_verified` counts when true (some providers write the string "true").
 */
export function identityOf(
  issuer: string,
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | null,
  groupsClaim: string,
): ProviderIdentity {
  const claim = (name: string): unknown => idToken[name] ?? userinfo?.[name];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const rawGroups = claim(groupsClaim);
  const groups = (Array.isArray(rawGroups) ? rawGroups : typeof rawGroups === 'string' ? [rawGroups] : [])
    .filter((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= 200)
    .slice(0, MAX_GROUPS);
  const verified = claim('email_verified');
  return {
    issuer,
    subject: String(idToken.sub),
    email: text(claim('email')),
    emailVerified: verified === true || verified === 'true',
    preferredUsername: text(claim('preferred_username')),
    groups: [...new Set(groups)],
  };
}

/**
 * Usernames to try for a new account, best first: the provider's preferred username, else the e-mail's local part,
 * made to fit the username rules (other characters become dashes), then numbered.
 */
export function usernameCandidates(identity: Pick<ProviderIdentity, 'preferredUsername' | 'email'>): string[] {
  const source = identity.preferredUsername ?? identity.email?.slice(0, identity.email.lastIndexOf('@')) ?? 'user';
  let base = source
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 32)
    .replace(/[^A-Za-z0-9]+$/, '');
  if (base.length < 2 || usernameProblem(base)) {
    base = `user-${base}`.replace(/[^A-Za-z0-9]+$/, '');
  }
  if (usernameProblem(base)) {
    base = 'user';
  }
  return [base, ...Array.from({ length: 20 }, (_, i) => `${base}-${i + 2}`)];
}

/** A path of this site to go back to after signing in; anything else (another site, //host) becomes '/'. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/';
  }
  return /[\u0000-\u001f\u007f]/.test(next) || next.length > 500 ? '/' : next;
}
