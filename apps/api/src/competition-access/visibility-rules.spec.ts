import { describe, expect, it } from 'vitest';
import type { Visibility } from '@api/competitions/entities/competition.entity';
import { admittedBy, normalizeJoinRules, refusalOf } from './join-rules';
import { type AccessState, mayRead, presentedKeys, type ViewerFacts } from './visibility-rules';

const state = (visibility: Visibility, rules: Partial<AccessState> = {}): AccessState => ({
  id: 'c',
  ownerId: 'o',
  visibility,
  accessKey: 'k'.repeat(64),
  archivedAt: null,
  emailDomains: [],
  idpGroups: [],
  ...rules,
});
const viewer = (facts: Partial<ViewerFacts> = {}): ViewerFacts => ({
  organizer: false,
  participant: null,
  email: 'ann@example.org',
  emailConfirmed: true,
  idpGroups: [],
  ...facts,
});

describe('mayRead', () => {
  const table: [string, AccessState, ViewerFacts | null, string[], boolean][] = [
    ['public, anonymous', state('public'), null, [], true],
    ['draft, anonymous with the key', state('draft'), null, ['k'.repeat(64)], false],
    ['draft, an approved participant', state('draft'), viewer({ participant: 'approved' }), [], false],
    ['draft, an organizer', state('draft'), viewer({ organizer: true }), [], true],
    ['unlisted, anonymous without key', state('unlisted'), null, [], false],
    ['unlisted, anonymous with a wrong key', state('unlisted'), null, ['k'.repeat(63) + 'x'], false],
    ['unlisted, anonymous with the key among others', state('unlisted'), null, ['other', 'k'.repeat(64)], true],
    ['unlisted, a registered participant', state('unlisted'), viewer({ participant: 'pending' }), [], true],
    ['private, anonymous with the key', state('private'), null, ['k'.repeat(64)], false],
    ['private, a signed-in stranger with the key', state('private'), viewer(), ['k'.repeat(64)], false],
    ['private, an approved participant', state('private'), viewer({ participant: 'approved' }), [], true],
    ['private, a denied participant', state('private'), viewer({ participant: 'denied' }), [], false],
    ['private, a banned participant', state('private'), viewer({ participant: 'banned' }), [], false],
    ['private, a domain rule admits', state('private', { emailDomains: ['example.org'] }), viewer(), [], true],
    [
      'private, a domain rule and an unconfirmed address',
      state('private', { emailDomains: ['example.org'] }),
      viewer({ emailConfirmed: false }),
      [],
      false,
    ],
    [
      'private, a group rule admits',
      state('private', { idpGroups: ['ml'] }),
      viewer({ idpGroups: ['ml', 'x'] }),
      [],
      true,
    ],
    [
      'private, a group rule refuses',
      state('private', { idpGroups: ['ml'] }),
      viewer({ idpGroups: ['ML'] }),
      [],
      false,
    ],
  ];
  it.each(table)('%s', (_, s, v, keys, expected) => {
    expect(mayRead(s, v, keys)).toBe(expected);
  });
});

describe('join rules', () => {
  it('admit anyone without rules, and a subdomain is another domain', () => {
    const who = { email: 'a@eu.example.org', emailConfirmed: true, idpGroups: [] };
    expect(admittedBy({ emailDomains: [], idpGroups: [] }, who)).toBe(true);
    expect(admittedBy({ emailDomains: ['example.org'], idpGroups: [] }, who)).toBe(false);
    expect(refusalOf({ emailDomains: ['example.org'], idpGroups: ['staff'] }, who)).toBe(
      "registration is limited to a confirmed e-mail address at example.org or membership of the identity provider's group staff",
    );
  });

  it('are normalized, and a bad domain is named', () => {
    expect(normalizeJoinRules({ emailDomains: [' @Example.ORG', 'example.org'], idpGroups: [' staff '] })).toEqual({
      emailDomains: ['example.org'],
      idpGroups: ['staff'],
    });
    expect(() => normalizeJoinRules({ emailDomains: ['not a domain'] })).toThrow('"not a domain" is not a domain name');
  });
});

describe('presentedKeys', () => {
  it('splits the header and drops empty or oversized values', () => {
    expect(presentedKeys(' a, ,b ')).toEqual(['a', 'b']);
    expect(presentedKeys(['a', 'c'])).toEqual(['a', 'c']);
    expect(presentedKeys('x'.repeat(200))).toEqual([]);
    expect(presentedKeys(undefined)).toEqual([]);
  });
});
