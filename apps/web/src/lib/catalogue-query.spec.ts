import { describe, expect, it } from 'vitest';
import { catalogueApiQuery, pageCount, readCatalogueState, writeCatalogueState } from './catalogue-query';

describe('catalogue state in the URL', () => {
  it('reads what it writes, leaving defaults out of the URL', () => {
    const state = { q: 'penguins', status: 'open' as const, mine: true, sort: 'title' as const, page: 3 };
    const params = writeCatalogueState(state);
    expect(params.toString()).toBe('q=penguins&status=open&mine=1&sort=title&page=3');
    expect(readCatalogueState(params)).toEqual(state);
    expect(writeCatalogueState({ q: '', mine: false, sort: 'newest', page: 1 }).toString()).toBe('');
  });

  it('ignores values it does not know', () => {
    expect(readCatalogueState(new URLSearchParams('status=closed&sort=random&page=-2&mine=yes'))).toEqual({
      q: '',
      status: undefined,
      mine: false,
      sort: 'newest',
      page: 1,
    });
  });

  it('asks the API for one page', () => {
    expect(catalogueApiQuery({ q: ' x ', mine: false, sort: 'newest', page: 2 })).toEqual({
      q: 'x',
      sort: 'newest',
      limit: 12,
      offset: 12,
    });
    expect([pageCount(0), pageCount(12), pageCount(13)]).toEqual([1, 1, 2]);
  });
});
