// The home page's catalogue state lives in the URL (?q=&status=&mine=1&sort=&page=), so a filtered, sorted page can
// be linked and the back button returns to it. Unit-tested in catalogue-query.spec.ts.

export const STATUSES = ['open', 'upcoming', 'ended'] as const;
export const SORTS = ['newest', 'ending', 'title', 'participants'] as const;
export type CatalogueStatus = (typeof STATUSES)[number];
export type CatalogueSort = (typeof SORTS)[number];
export const PAGE_SIZE = 12;

export interface CatalogueState {
  q: string;
  status?: CatalogueStatus;
  mine: boolean;
  sort: CatalogueSort;
  /** 1-based. */
  page: number;
}

export function readCatalogueState(params: URLSearchParams): CatalogueState {
  const status = params.get('status');
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    status: STATUSES.find((s) => s === status),
    mine: params.get('mine') === '1',
    sort: SORTS.find((s) => s === sort) ?? 'newest',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The URL's query for a state: defaults are left out, and any change but the page goes back to page 1. */
export function writeCatalogueState(s: CatalogueState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) {
    p.set('q', s.q);
  }
  if (s.status) {
    p.set('status', s.status);
  }
  if (s.mine) {
    p.set('mine', '1');
  }
  if (s.sort !== 'newest') {
    p.set('sort', s.sort);
  }
  if (s.page > 1) {
    p.set('page', String(s.page));
  }
  return p;
}

/** The API's query for a state (GET /api/competitions/catalogue). */
export function catalogueApiQuery(s: CatalogueState) {
  return {
    ...(s.q.trim() ? { q: s.q.trim() } : {}),
    ...(s.status ? { status: s.status } : {}),
    ...(s.mine ? { mine: true } : {}),
    sort: s.sort,
    limit: PAGE_SIZE,
    offset: (s.page - 1) * PAGE_SIZE,
  };
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}
