/** Who may register for a competition besides its invitees: e-mail domains and identity-provider groups. */
export interface JoinRules {
  /** Lower-case domains, matched exactly against the part after the last @ (a subdomain is another domain). */
  emailDomains: string[];
  /** Group names as the identity provider sends them (compared exactly, case included). */
  idpGroups: string[];
}

/** What the rules look at in a user: the e-mail counts only once confirmed (or verified by the identity provider). */
export interface Joiner {
  email: string;
  emailConfirmed: boolean;
  idpGroups: string[];
}

export const MAX_RULES = 50;

export function hasJoinRules(rules: JoinRules): boolean {
  return rules.emailDomains.length > 0 || rules.idpGroups.length > 0;
}

/** No rule: anyone may register. Otherwise either rule admits: a listed domain, or a listed group. */
export function admittedBy(rules: JoinRules, who: Joiner): boolean {
  if (!hasJoinRules(rules)) {
    return true;
  }
  const domain = who.email.slice(who.email.lastIndexOf('@') + 1).toLowerCase();
  if (who.emailConfirmed && rules.emailDomains.includes(domain)) {
    return true;
  }
  return who.idpGroups.some((g) => rules.idpGroups.includes(g));
}

/** Why the user is refused, naming what would admit them; null when admitted. */
export function refusalOf(rules: JoinRules, who: Joiner): string | null {
  if (admittedBy(rules, who)) {
    return null;
  }
  const ways: string[] = [];
  if (rules.emailDomains.length) {
    ways.push(`a confirmed e-mail address at ${rules.emailDomains.join(', ')}`);
  }
  if (rules.idpGroups.length) {
    ways.push(`membership of the identity provider's group ${rules.idpGroups.join(', ')}`);
  }
  const unconfirmed =
    !who.emailConfirmed && rules.emailDomains.includes(who.email.slice(who.email.lastIndexOf('@') + 1).toLowerCase());
  return `registration is limited to ${ways.join(' or ')}${unconfirmed ? ' (confirm your e-mail address first)' : ''}`;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** The rules as stored: domains trimmed, lower-cased, without a leading @; duplicates dropped. Throws the problem. */
export function normalizeJoinRules(input: { emailDomains?: string[]; idpGroups?: string[] }): JoinRules {
  const emailDomains = [...new Set((input.emailDomains ?? []).map((d) => d.trim().replace(/^@/, '').toLowerCase()))];
  const idpGroups = [...new Set((input.idpGroups ?? []).map((g) => g.trim()))];
  for (const d of emailDomains) {
    if (!DOMAIN.test(d)) {
      throw new RangeError(`emailDomains: "${d}" is not a domain name such as example.org`);
    }
  }
  for (const g of idpGroups) {
    if (!g) {
      throw new RangeError('idpGroups: a group name is empty');
    }
  }
  if (emailDomains.length > MAX_RULES || idpGroups.length > MAX_RULES) {
    throw new RangeError(`at most ${MAX_RULES} domains and ${MAX_RULES} groups`);
  }
  return { emailDomains, idpGroups };
}
