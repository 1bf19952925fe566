import { describe, expect, it } from 'vitest';
import { pageTitle } from './page-title';

describe('pageTitle', () => {
  it('joins page, competition and Arena, leaving out what is not known', () => {
    expect(pageTitle('Submit to Development', 'Penguins')).toBe('Submit to Development · Penguins · Arena');
    expect(pageTitle('Competitions')).toBe('Competitions · Arena');
    expect(pageTitle(undefined, ' ', null)).toBe('Arena');
  });
});
