import { describe, expect, it } from 'vitest';
import { emailProblem, normalizeEmail } from './email-rules';
import { passwordProblem } from './password-rules';

describe('normalizeEmail', () => {
  it.each([
    ['Ada@Example.ORG', 'Ada@example.org'],
    [' ａｄａ@ｅｘａｍｐｌｅ.org ', 'ada@example.org'],
    ['ﬁle@example.org', 'file@example.org'],
  ])('%j -> %j', (raw, normalized) => {
    expect(normalizeEmail(raw)).toBe(normalized);
  });
});

describe('emailProblem', () => {
  it.each([
    ['ada@example.org', null],
    ['иван@example.org', null],
    ['ιωάννης@example.gr', null],
    ['ada.lovelace+arena@sub.example.org', null],
    ['\u0430da@example.org', /"аda" mixes Cyrillic and Latin letters/],
    ['ada@ex\u0430mple.org', /"exаmple" mixes Latin and Cyrillic letters/],
    ['\u0440\u0430\u0443\u0440\u0430l@example.org', /mixes/],
    ['\u0440\u0430\u0443\u0440\u0430@example.org', /written in Cyrillic letters that read as the Latin "paypa"/],
  ])('%j', (email, problem) => {
    const found = emailProblem(email);
    if (problem === null) {
      expect(found).toBeNull();
    } else {
      expect(found).toMatch(problem);
    }
  });
});

describe('passwordProblem', () => {
  it('allows 72 bytes and refuses 73, counting bytes, not characters', () => {
    expect(passwordProblem('x'.repeat(72))).toBeNull();
    expect(passwordProblem('x'.repeat(73))).toMatch(/at most 72 bytes in UTF-8 \(this one has 73\)/);
    expect(passwordProblem('é'.repeat(36))).toBeNull();
    expect(passwordProblem('é'.repeat(37))).toMatch(/this one has 74/);
  });
});
