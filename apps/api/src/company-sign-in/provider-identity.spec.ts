import { describe, expect, it } from 'vitest';
import { identityOf, safeNext, usernameCandidates } from './provider-identity';

describe('identityOf', () => {
  it('reads the ID token, then userinfo, with the configured groups claim', () => {
    const id = identityOf(
      'https://idp',
      { sub: 'u1', email_verified: 'true' },
      { email: 'Ann@Corp.example', roles: ['ml', 'ml', 7] },
      'roles',
    );
    expect(id).toEqual({
      issuer: 'https://idp',
      subject: 'u1',
      email: 'Ann@Corp.example',
      emailVerified: true,
      preferredUsername: null,
      groups: ['ml'],
    });
    expect(identityOf('i', { sub: 'u', email: 'a@b.c' }, null, 'groups').emailVerified).toBe(false);
    expect(identityOf('i', { sub: 'u', groups: 'solo' }, null, 'groups').groups).toEqual(['solo']);
  });
});

describe('usernameCandidates', () => {
  it('fits the username rules', () => {
    expect(usernameCandidates({ preferredUsername: 'Ann Lee', email: null }).slice(0, 2)).toEqual([
      'Ann-Lee',
      'Ann-Lee-2',
    ]);
    expect(usernameCandidates({ preferredUsername: null, email: 'jean.dupont+ml@corp.example' })[0]).toBe(
      'jean.dupont-ml',
    );
    expect(usernameCandidates({ preferredUsername: 'admin', email: null })[0]).toBe('user-admin');
    expect(usernameCandidates({ preferredUsername: '__', email: null })[0]).toBe('user');
    expect(usernameCandidates({ preferredUsername: 'Zoë', email: null })[0]).toBe('Zoe');
  });
});

describe('safeNext', () => {
  it('keeps paths of this site only', () => {
    expect(safeNext('/competitions/1?tab=x')).toBe('/competitions/1?tab=x');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', 'relative', undefined, '/a\nb']) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});
