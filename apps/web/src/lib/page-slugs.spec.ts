import { describe, expect, it } from 'vitest';
import { pageSlugs } from './page-slugs';

describe('pageSlugs', () => {
  it('names pages for the URL, numbering repeated and empty titles', () => {
    expect(pageSlugs(['Overview', 'Getting started!', 'Évaluation', 'Overview', '???'])).toEqual([
      'overview',
      'getting-started',
      'evaluation',
      'overview-4',
      'page-5',
    ]);
  });
});
