import { describe, expect, it } from 'vitest';
import { competitionTypeLabel, featuredBoard, mailtoHref, podium, webUrl } from './competition-facts';

describe('mailtoHref', () => {
  it.each([
    ['org@example.org', 'mailto:org@example.org'],
    ['  first.last+tag@lab.example.ac.uk ', 'mailto:first.last+tag@lab.example.ac.uk'],
  ])('links %s', (email, href) => expect(mailtoHref(email)).toBe(href));

  it.each([
    null,
    '',
    'not an address',
    'a@b',
    'org@example.org?subject=hi',
    'x@example.org,boss@example.org',
    'javascript:alert(1)//@a.b',
  ])('shows %s as text only', (email) => expect(mailtoHref(email)).toBeUndefined());
});

describe('webUrl', () => {
  it('keeps http(s) addresses', () => {
    expect(webUrl('https://example.org/the-real-one')).toBe('https://example.org/the-real-one');
    expect(webUrl(' http://example.org ')).toBe('http://example.org/');
  });

  it.each([null, '', 'javascript:alert(1)', 'data:text/html,x', '/relative', 'example.org'])('refuses %s', (u) =>
    expect(webUrl(u)).toBeUndefined(),
  );
});

describe('podium and featured board', () => {
  it('takes the first three ranked rows in board order', () => {
    const rows = [
      { rank: null, position: 5 },
      { rank: 2, position: 2 },
      { rank: 1, position: 1 },
      { rank: 2, position: 3 },
      { rank: 4, position: 4 },
    ];
    expect(podium(rows).map((r) => r.position)).toEqual([1, 2, 3]);
    expect(podium([{ rank: null, position: 1 }])).toEqual([]);
  });

  it('features the first board participants see', () => {
    type B = { key: string; hidden?: boolean };
    expect(
      featuredBoard<B>([
        { key: 'secret', hidden: true },
        { key: 'main', hidden: false },
      ])?.key,
    ).toBe('main');
    expect(featuredBoard<B>([{ key: 'main' }])?.key).toBe('main');
    expect(featuredBoard<B>([{ key: 'secret', hidden: true }])).toBeUndefined();
  });

  it('names the kind of event', () => {
    expect(competitionTypeLabel('benchmark')).toBe('Benchmark');
    expect(competitionTypeLabel('competition')).toBe('Competition');
  });
});
