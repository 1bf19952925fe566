import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

const TITLE = 'title: Binary classification (Arena example)';
const START = 'start: 2025-01-01';

interface Card {
  id: string;
  title: string;
  organizer: string;
  status: string;
  logoUrl: string | null;
  participantCount: number;
  submissionCount: number;
  isOrganizer: boolean;
  endAt: string | null;
}
interface Catalogue {
  items: Card[];
  total: number;
}

describe('competition catalogue: cards, filters, sort, pages', () => {
  let fx: ArenaFixture;
  let org: HttpClient;
  let other: HttpClient;
  let player: HttpClient;
  let orgName: string;
  let open: string;
  let upcoming: string;
  let ended: string;
  let draft: string;
  let hidden: string;
  let placeholder: string;

  const page = async (c: HttpClient, query = '') => {
    const r = await c.json('GET', `/api/competitions/catalogue${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Catalogue;
  };
  const ids = async (c: HttpClient, query = '') => (await page(c, query)).items.map((x) => x.id);

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    org = await fx.user('cat');
    other = await fx.user('oth');
    player = await fx.user('ply');
    orgName = ((await org.json('GET', '/api/auth/me')).body as { username: string }).username;
    ({ id: open } = await fx.competition(org, [[TITLE, 'title: Zebra counting']]));
    ({ id: upcoming } = await fx.competition(other, [
      [TITLE, 'title: Aardvark tracking'],
      [START, 'start: 2099-01-01'],
    ]));
    ({ id: ended } = await fx.competition(other, [
      [TITLE, 'title: Mole mapping'],
      [START, 'start: 2020-01-01\n    end: 2020-06-01'],
    ]));
    ({ id: draft } = await fx.competition(org, [[TITLE, 'title: Draft only']], 'draft'));
    ({ id: hidden } = await fx.competition(other, [[TITLE, 'title: Secret']], 'unlisted'));
    ({ id: placeholder } = await fx.competition(org, [[TITLE, 'title: Placeholder']], 'draft'));
    await fx.register(player, open);
    const openPhase = ((await player.json('GET', `/api/competitions/${open}`)).body as { phases: { id: string }[] })
      .phases[0].id;
    expect((await fx.submit(player, openPhase)).status).toBe(201);
    expect((await fx.submit(player, openPhase)).status).toBe(201);
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('lists what GET /api/competitions lists, with logo, organizer, status and counts', async () => {
    const all = await page(fx.anon);
    expect(all.total).toBe(3);
    expect(all.items.map((c) => c.id).sort()).toEqual([open, upcoming, ended].sort());
    expect(all.items.map((c) => c.id)).not.toContain(draft);
    expect(all.items.map((c) => c.id)).not.toContain(hidden);
    const byId = new Map(all.items.map((c) => [c.id, c]));
    expect(byId.get(open)).toMatchObject({
      title: 'Zebra counting',
      organizer: orgName,
      status: 'open',
      logoUrl: `/api/competitions/${open}/logo`,
      participantCount: 1,
      submissionCount: 2,
      isOrganizer: false,
    });
    expect(byId.get(upcoming)).toMatchObject({ status: 'upcoming', participantCount: 0, submissionCount: 0 });
    expect(byId.get(ended)).toMatchObject({ status: 'ended' });
    expect(byId.get(ended)!.endAt).toMatch(/^2020-06-01/);
    expect((await page(org)).items.find((c) => c.id === open)?.isOrganizer).toBe(true);
  });

  it('filters by status and search (title, description, organizer), literally', async () => {
    expect(await ids(fx.anon, '?status=open')).toEqual([open]);
    expect(await ids(fx.anon, '?status=upcoming')).toEqual([upcoming]);
    expect(await ids(fx.anon, '?status=ended')).toEqual([ended]);
    expect(await ids(fx.anon, '?q=zebra')).toEqual([open]);
    expect(await ids(fx.anon, `?q=${encodeURIComponent(orgName)}`)).toEqual([open]);
    expect(await ids(fx.anon, `?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect((await page(fx.anon, '?q=zebra&status=ended')).total).toBe(0);
  });

  it('sorts and pages, with the total on every page', async () => {
    expect(await ids(fx.anon, '?sort=title')).toEqual([upcoming, ended, open]);
    expect(await ids(fx.anon, '?sort=newest')).toEqual([ended, upcoming, open]);
    expect((await ids(fx.anon, '?sort=participants'))[0]).toBe(open);
    expect((await ids(fx.anon, '?sort=ending'))[0]).toBe(ended);
    const first = await page(fx.anon, '?sort=title&limit=2');
    const second = await page(fx.anon, '?sort=title&limit=2&offset=2');
    expect(first.items.map((c) => c.id)).toEqual([upcoming, ended]);
    expect(second.items.map((c) => c.id)).toEqual([open]);
    expect([first.total, second.total]).toEqual([3, 3]);
    expect((await page(fx.anon, '?offset=50')).total).toBe(3);
  });

  it('mine: what the caller organizes (drafts too) or takes part in; sign-in required', async () => {
    expect((await fx.anon.json('GET', '/api/competitions/catalogue?mine=true')).status).toBe(401);
    expect(await ids(player, '?mine=true')).toEqual([open]);
    expect(await ids(org, '?mine=true&sort=title')).toEqual([draft, placeholder, open]);
    expect(await ids(org, '?mine=true&q=draft')).toEqual([draft]);
    expect(await ids(other, '?mine=true&sort=title')).toEqual([upcoming, ended, hidden]);
  });

  it('refuses bad parameters with 400 naming them', async () => {
    for (const q of ['?status=closed', '?sort=random', '?limit=0', '?limit=500', '?mine=maybe']) {
      const r = await fx.anon.json('GET', `/api/competitions/catalogue${q}`);
      expect(r.status, q).toBe(400);
    }
  });
});
