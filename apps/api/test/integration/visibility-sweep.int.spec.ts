import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { type Route, routesOf } from '../support/routes-of';
import { fillPath } from '../support/route-params';

type Visibility = 'draft' | 'unlisted' | 'private' | 'public';
type Caller =
  'anonymous' | 'anonymous with the key' | 'stranger' | 'stranger with the key' | 'participant' | 'organizer';

/** Who may read the competition in each state (the rule of competition-access/visibility-rules.ts). */
const READERS: Record<Visibility, Caller[]> = {
  draft: ['organizer'],
  unlisted: ['anonymous with the key', 'stranger with the key', 'participant', 'organizer'],
  private: ['participant', 'organizer'],
  public: ['anonymous', 'anonymous with the key', 'stranger', 'stranger with the key', 'participant', 'organizer'],
};

/** Whether a route reads under one competition: the scope guard's rule, from the path parameters. */
const scoped = (r: Route) =>
  /\{competitionId\}|\{phaseId\}|\{teamId\}/.test(r.path) || /^\/api\/(competitions|submissions)\/\{id\}/.test(r.path);

describe('visibility sweep: every read path of a competition obeys its visibility, for every kind of caller', () => {
  let fx: ArenaFixture;
  let owner: HttpClient;
  let participant: HttpClient;
  let stranger: HttpClient;
  const ids: Record<string, string> = {};
  let reads: Route[];
  let headers: Record<Caller, Record<string, string>>;
  const title = `Visibility ${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    owner = await fx.user('own');
    participant = await fx.user('par');
    stranger = await fx.user('str');
    const c = await fx.competition(owner, [['title: Binary classification (Arena example)', `title: ${title}`]]);
    ids.competition = c.id;
    ids.phase = c.phaseId;
    await fx.register(participant, c.id);
    const me = (await participant.json('GET', '/api/auth/me')).body;
    ids.participant = me.id;
    ids.team = (await participant.json('POST', `/api/competitions/${c.id}/teams`, { name: 'Seen or not' })).body.id;
    const submitted = await fx.submit(participant, c.phaseId, { teamId: ids.team });
    expect(submitted.status).toBe(201);
    ids.submission = submitted.body.id;
    await fx.finishAs(ids.submission, 'finished');
    const key = (await owner.json('GET', `/api/competitions/${c.id}/access`)).body.accessKey as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const token = (client: HttpClient) => (client as unknown as { auth(): Record<string, string> }).auth();
    headers = {
      anonymous: {},
      'anonymous with the key': { 'x-competition-key': key },
      stranger: token(stranger),
      'stranger with the key': { ...token(stranger), 'x-competition-key': `other,${key}` },
      participant: token(participant),
      organizer: token(owner),
    };
    reads = routesOf(fx.api.app).filter((r) => r.method === 'GET' && scoped(r));
  });

  afterAll(async () => {
    await fx?.stop();
  });

  function fill(path: string): string {
    // Every id route read here is under a competition or a submission.
    const own = (name: string): string | undefined =>
      name === 'id'
        ? path.startsWith('/api/competitions/')
          ? ids.competition
          : ids.submission
        : { name: 'public_data' }[name];
    return fillPath(path, ids, own);
  }

  /** The status only: a live log stream is not read to its end. */
  async function status(caller: Caller, path: string): Promise<number> {
    const res = await fetch(fx.api.url + path, { headers: headers[caller], signal: AbortSignal.timeout(10_000) });
    await res.body?.cancel();
    return res.status;
  }

  async function sweep(): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    for (const r of reads) {
      for (const caller of Object.keys(headers) as Caller[]) {
        seen.set(`${r.path} as ${caller}`, await status(caller, fill(r.path)));
      }
    }
    return seen;
  }

  async function setVisibility(v: Visibility) {
    const r = await owner.json('PUT', `/api/competitions/${ids.competition}/visibility`, { visibility: v });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.visibility).toBe(v);
  }

  it('finds the read paths: pages, boards, submissions, results, logs, files, exports', () => {
    const paths = reads.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/competitions/{id}',
        '/api/competitions/{id}/logo',
        '/api/phases/{phaseId}/leaderboard',
        '/api/phases/{phaseId}/leaderboards/{key}',
        '/api/phases/{phaseId}/leaderboards/{key}/export',
        '/api/phases/{phaseId}/leaderboards/{key}/history',
        '/api/phases/{phaseId}/files',
        '/api/phases/{phaseId}/files/{name}',
        '/api/phases/{phaseId}/submissions',
        '/api/submissions/{id}',
        '/api/submissions/{id}/detailed-results',
        '/api/submissions/{id}/logs/{stream}',
        '/api/submissions/{id}/output',
        '/api/teams/{teamId}',
        '/api/competitions/{competitionId}/submissions/export',
        '/api/competitions/{competitionId}/insight',
        '/api/competitions/{competitionId}/status',
      ]),
    );
  });

  it('answers readers as a public competition would, and everyone else as if it did not exist', async () => {
    const baseline = await sweep();
    // Readable to someone in the public state: otherwise the sweep would prove nothing.
    expect([...baseline.values()].filter((s) => s === 200).length).toBeGreaterThan(reads.length);
    const problems: string[] = [];
    for (const v of ['draft', 'unlisted', 'private'] as const) {
      await setVisibility(v);
      const now = await sweep();
      for (const [what, got] of now) {
        const caller = what.slice(what.indexOf(' as ') + 4) as Caller;
        const before = baseline.get(what)!;
        if (READERS[v].includes(caller)) {
          if (got !== before) {
            problems.push(`${v}: ${what}: ${got}, public gave ${before}`);
          }
        } else {
          // Unauthenticated routes refuse an anonymous caller before anything else (401); otherwise absent.
          const hidden = got === 404 || (got === 401 && before === 401);
          if (!hidden) {
            problems.push(`${v}: ${what}: ${got} (should not be readable)`);
          }
        }
      }
    }
    await setVisibility('public');
    expect(problems).toEqual([]);
  });

  it('lists and finds only what each caller may see: never a draft or an unlisted competition', async () => {
    const listed = async (caller: Caller) => {
      const res = await fetch(`${fx.api.url}/api/competitions?q=${encodeURIComponent(title)}`, {
        headers: headers[caller],
      });
      return ((await res.json()) as { id: string }[]).some((c) => c.id === ids.competition);
    };
    const mine = async () =>
      ((await owner.json('GET', '/api/competitions?role=organizer')).body as { id: string }[]).some(
        (c) => c.id === ids.competition,
      );
    for (const v of ['draft', 'unlisted', 'private', 'public'] as const) {
      await setVisibility(v);
      for (const caller of Object.keys(headers) as Caller[]) {
        const expected = v === 'public' || (v === 'private' && caller === 'participant');
        expect(await listed(caller), `${v} listed for ${caller}`).toBe(expected);
      }
      expect(await mine(), `${v} in the organizer's own list`).toBe(true);
    }
  });

  it('rotating the key cuts off whoever held the old one, but not registered participants', async () => {
    await setVisibility('unlisted');
    const path = `/api/competitions/${ids.competition}`;
    expect(await status('anonymous with the key', path)).toBe(200);
    const rotated = await owner.json('POST', `/api/competitions/${ids.competition}/access-key`);
    expect(rotated.status).toBe(200);
    expect(await status('anonymous with the key', path)).toBe(404);
    expect(await status('participant', path)).toBe(200);
    const fresh = await fetch(fx.api.url + path, { headers: { 'x-competition-key': rotated.body.accessKey } });
    expect(fresh.status).toBe(200);
    // Registering through the link: a stranger with the current key may, one without may not.
    const newcomer = await fx.user('new');
    const register = (client: HttpClient) =>
      client.json('POST', `/api/competitions/${ids.competition}/participation`, { acceptTerms: true });
    expect((await register(newcomer)).status).toBe(404);
    expect((await register(newcomer.with({ 'x-competition-key': rotated.body.accessKey }))).status).toBe(200);
    expect((await newcomer.json('GET', path)).status).toBe(200);
    await setVisibility('public');
  });

  it('only organizers change the visibility or see the key', async () => {
    for (const client of [participant, stranger]) {
      const r = await client.json('PUT', `/api/competitions/${ids.competition}/visibility`, { visibility: 'draft' });
      expect(r.status).toBe(403);
      expect((await client.json('GET', `/api/competitions/${ids.competition}/access`)).status).toBe(403);
      expect((await client.json('GET', `/api/competitions/${ids.competition}`)).body.access).toBeUndefined();
    }
    expect(
      (await fx.anon.json('PUT', `/api/competitions/${ids.competition}/visibility`, { visibility: 'draft' })).status,
    ).toBe(401);
    const bad = await owner.json('PUT', `/api/competitions/${ids.competition}/visibility`, { visibility: 'secret' });
    expect(bad.status).toBe(400);
    expect((await owner.json('GET', `/api/competitions/${ids.competition}`)).body).toMatchObject({
      visibility: 'public',
    });
  });
});
