import { describe, expect, it } from 'vitest';
import { assertCleanText, forbiddenCharacter, withoutNul } from './text-rules';

describe('forbiddenCharacter', () => {
  it.each([
    ['plain', false, null],
    ['accents é, CJK 漢字, emoji 👩‍🔬, RTL עברית', true, null],
    ['two\nlines\tand\r\n', false, null],
    ['two\nlines', true, 'U+000A'],
    ['tab\there', true, 'U+0009'],
    ['nul\u0000', false, 'U+0000'],
    ['esc\u001b[31m', false, 'U+001B'],
    ['del\u007f', false, 'U+007F'],
    ['c1\u0085', false, 'U+0085'],
    ['replacement\ufffd', false, 'U+FFFD'],
    ['bom\ufeff', true, 'U+FEFF'],
    ['\ufeff# A page', false, null],
    ['lone \ud800 high', false, 'U+D800'],
    ['lone \udc00 low', false, 'U+DC00'],
    ['admin\u202egnp.exe', true, 'U+202E'],
    ['isolate\u2066x\u2069', true, 'U+2066'],
    ['admin\u202egnp.exe', false, null],
  ])('%j (name: %s) -> %s', (text, isName, found) => {
    expect(forbiddenCharacter(text, isName)).toBe(found);
  });
});

describe('assertCleanText', () => {
  it('names the field, at any depth, and treats properties ending in name, title, key... as names', () => {
    expect(() => assertCleanText({ description: 'a\nb', teamName: 'ok' }, 'body', false)).not.toThrow();
    expect(() => assertCleanText({ teamName: 'a\nb' }, 'body', false)).toThrow(
      /teamName must not contain the control or invisible character U\+000A/,
    );
    expect(() => assertCleanText({ pages: [{ title: 't', content: 'x\u0000' }] }, 'body', false)).toThrow(
      /pages\.content|content must not contain/,
    );
    expect(() => assertCleanText({ ['bad\u0000key']: 1 }, 'body', false)).toThrow(/property name of body/);
    expect(() => assertCleanText('..%00', 'path parameter name', true)).not.toThrow();
    // fast-querystring's objects: a prototype that itself has none.
    const query = Object.assign(Object.create(Object.create(null) as object) as object, { q: 'a\u0000b' });
    expect(() => assertCleanText(query, 'query', false)).toThrow(
      /q must not contain the control or invisible character U\+0000/,
    );
    expect(() => assertCleanText('a\u0000b', 'path parameter name', true)).toThrow(
      /path parameter name must not contain/,
    );
  });
});

describe('withoutNul', () => {
  it('replaces NUL in text and in JSON at any depth, keys included, and leaves the rest', () => {
    expect(withoutNul('a\u0000b')).toBe('a\ufffdb');
    expect(withoutNul('a\u0000b', ' ')).toBe('a b');
    expect(withoutNul({ message: 'x\u0000', extra: { ['k\u0000']: ['v\u0000', 1, null, true] } })).toEqual({
      message: 'x\ufffd',
      extra: { 'k\ufffd': ['v\ufffd', 1, null, true] },
    });
    const date = new Date(0);
    expect(withoutNul(date)).toBe(date);
  });
});
