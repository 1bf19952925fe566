import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '@arena/bundle/testing/bundle-fixture';
import { typicalV1Files } from '@arena/bundle/testing/v1-bundle.fixture';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { EntrantPseudonymsBackfill1763970000001 } from '../../src/database/migrations/1763970000001-entrant-pseudonyms-backfill';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { routesOf } from '../support/routes-of';

/**
 * An anonymous competition (CodaLab's anonymous_leaderboard): a participant reads every route of the API, every
 * export and every board of two phases, and never meets another entrant's username, team name, user id or team id;
 * each entrant keeps one pseudonym everywhere; the participant's own rows are marked. Organizers (owner and
 * collaborator) see names. Switching the setting off shows names again, and on again the same pseudonyms.
 */
describe('anonymous leaderboards through HTTP', () => {
  let fx: ArenaFixture;
  let owner: HttpClient;
  let collaborator: HttpClient;
  let ada: HttpClient;
  let bob: HttpClient;
  let cat: HttpClient;
  let competitionId: string;
  let phases: string[];
  const BOARDS = ['main', 'best'];
  const user: Record<string, { id: string; username: string }> = {};
  let team: { id: string; name: string };
  /** Every submission, with the entrant it ranks for. */
  const made: { id: string; entrant: 'ada' | 'bob' | 'team'; by: string; phaseId: string }[] = [];
  let secrets: string[];

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    owner = await fx.user('own');
    collaborator = await fx.user('col');
    ada = await fx.user('ada');
    bob = await fx.user('bob');
    cat = await fx.user('cat');
    const dan = await fx.user('dan');
    for (const [name, c] of Object.entries({ collaborator, ada, bob, cat, dan })) {
      user[name] = (await c.json('GET', '/api/auth/me')).body;
    }

    const c = await fx.competition(owner, [
      [
        'registration_auto_approve: true\n',
        'registration_auto_approve: true\nanonymous_leaderboard: true\nenable_detailed_results: true\ncan_participants_make_submissions_public: true\n',
      ],
      // The final phase has not started: its submissions are the organizer's re-runs of the first phase's.
      ['    start: 2025-01-01\n', '    start: 2025-01-01\n    end: 2099-01-01T00:00:00Z\n'],
      [
        '\nleaderboards:\n',
        '\n  - index: 1\n    name: Final\n    description: Second phase.\n    start: 2099-01-01T00:00:00Z\n    tasks: [0]\n    execution_time_limit: 120\nleaderboards:\n',
      ],
      [
        /\n$/,
        '\n  - title: Best\n    key: best\n    submission_rule: Force_Best\n    columns:\n' +
          '      - { title: Accuracy, key: accuracy, index: 0, sorting: desc, precision: 4 }\n',
      ],
    ]);
    competitionId = c.id;
    phases = (await owner.json('GET', `/api/competitions/${competitionId}`)).body.phases.map(
      (p: { id: string }) => p.id,
    );
    expect(phases).toHaveLength(2);
    const added = await owner.json('POST', `/api/competitions/${competitionId}/collaborators`, {
      username: user.collaborator.username,
    });
    expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
    for (const p of [ada, bob, cat, dan]) {
      await fx.register(p, competitionId);
    }
    const created = await cat.json('POST', `/api/competitions/${competitionId}/teams`, {
      name: `Zebras${user.cat.username}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    team = { id: created.body.id, name: created.body.name };
    expect((await cat.json('POST', `/api/teams/${team.id}/invitations`, { username: user.dan.username })).status).toBe(
      201,
    );
    expect((await dan.json('POST', `/api/teams/${team.id}/accept`)).status).toBe(200);

    const plan: [HttpClient, 'ada' | 'bob' | 'team', string, Record<string, string>][] = [
      [bob, 'bob', 'bob', {}],
      [cat, 'team', 'cat', { teamId: team.id }],
      [dan, 'team', 'dan', { teamId: team.id }],
      [ada, 'ada', 'ada', {}],
    ];
    for (const [client, entrant, by, fields] of plan) {
      const r = await fx.submit(client, phases[0], fields);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await fx.finishAs(r.body.id, 'finished');
      made.push({ id: r.body.id, entrant, by, phaseId: phases[0] });
    }
    for (const first of [...made]) {
      const r = await owner.json('POST', `/api/submissions/${first.id}/rerun`, { phaseId: phases[1] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await fx.finishAs(r.body.id, 'finished');
      made.push({ ...first, id: r.body.id, phaseId: phases[1] });
    }
    // Public submissions: another participant may read their detail.
    for (const [client, by] of [
      [bob, 'bob'],
      [cat, 'cat'],
    ] as const) {
      const id = made.find((m) => m.by === by)!.id;
      expect((await client.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: true })).status).toBe(200);
    }
    // What no response to ada may contain: the other entrants' names and ids (team included).
    secrets = [...['bob', 'cat', 'dan'].flatMap((n) => [user[n].username, user[n].id]), team.name, team.id];
  });

  afterAll(async () => {
    await fx?.stop();
  });

  const board = async (client: HttpClient, phaseId: string, key: string) => {
    const r = await client.json('GET', `/api/phases/${phaseId}/leaderboards/${key}?limit=1000`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const entrantOf = (submissionId: string) => made.find((m) => m.id === submissionId)!.entrant;

  /**
   * Every GET route of the app, each path parameter filled with each value that names something of this test (the
   * competition, both phases, both boards, every submission, the team, the other entrants), as `client` sees it.
   */
  async function sweep(client: HttpClient): Promise<{ url: string; status: number; text: string }[]> {
    const values: Record<string, string[]> = {
      competitionId: [competitionId],
      phaseId: phases,
      key: BOARDS,
      teamId: [team.id],
      userId: ['bob', 'cat', 'dan'].map((n) => user[n].id),
      username: ['bob', 'cat', 'dan'].map((n) => user[n].username),
      stream: ['stdout', 'stderr'],
      name: ['submission'],
    };
    const idsFor = (path: string) => (path.startsWith('/api/competitions/') ? [competitionId] : made.map((m) => m.id));
    const queries: Record<string, string[]> = {
      '/api/phases/{phaseId}/leaderboards/{key}/export': ['?format=csv', '?format=json'],
      '/api/phases/{phaseId}/leaderboards/{key}/me': ['?neighbours=100'],
      '/api/phases/{phaseId}/leaderboards/{key}': ['?limit=1000'],
      '/api/phases/{phaseId}/leaderboard': ['?limit=1000'],
    };
    const urls: string[] = [];
    for (const route of routesOf(fx.api.app).filter((r) => r.method === 'GET')) {
      let filled = [route.path];
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
        const options = name === 'id' ? idsFor(route.path) : (values[name] ?? ['00000000-0000-4000-8000-000000000000']);
        filled = filled.flatMap((p) => options.map((v) => p.replace(`{${name}}`, v)));
      }
      for (const url of filled) {
        for (const q of queries[route.path] ?? ['']) {
          urls.push(url + q);
        }
      }
    }
    const out: { url: string; status: number; text: string }[] = [];
    for (const url of urls) {
      // A live log stream stays open while a run goes: read what comes within a few seconds. Redirects (sign-in
      // hand-offs to the web app's PUBLIC_URL) are answers of their own, not followed.
      const res = await fetch(fx.api.url + url, {
        headers: authOf(client),
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      });
      out.push({ url, status: res.status, text: await readSome(res) });
    }
    return out;
  }

  /** Responses that contain a secret the request did not itself name. */
  const leaks = (responses: { url: string; text: string }[]) =>
    responses.flatMap(({ url, text }) =>
      secrets
        .filter((s) => !url.includes(s) && text.toLowerCase().includes(s.toLowerCase()))
        .map((s) => `${url} shows ${s}`),
    );

  it('tells everyone the board is anonymous; organizers read the switch', async () => {
    expect((await ada.json('GET', `/api/competitions/${competitionId}`)).body).toMatchObject({
      anonymousLeaderboard: true,
    });
    expect((await owner.json('GET', `/api/competitions/${competitionId}`)).body.organizerSettings).toMatchObject({
      anonymousLeaderboard: true,
    });
    expect((await board(ada, phases[0], 'main')).anonymous).toBe(true);
  });

  it("never shows a participant, nor a signed-out visitor, another entrant's username, team name or id on any route", async () => {
    for (const client of [ada, fx.anon]) {
      const responses = await sweep(client);
      expect(responses.length).toBeGreaterThan(100);
      // The sweep reached the boards, exports and public submissions (not only refusals).
      const ok = responses.filter((r) => r.status === 200).map((r) => r.url);
      for (const part of [
        '/leaderboards/main/export?format=csv',
        '/leaderboards/best/export?format=json',
        '/leaderboard?',
      ]) {
        expect(
          ok.some((u) => u.includes(part)),
          part,
        ).toBe(true);
      }
      if (client === ada) {
        expect(ok).toEqual(
          expect.arrayContaining(
            made
              .filter((m) => m.by === 'bob' || m.by === 'cat')
              .slice(0, 2)
              .map((m) => `/api/submissions/${m.id}`),
          ),
        );
      }
      expect(leaks(responses)).toEqual([]);
    }
  });

  it('shows each entrant under one pseudonym on every board, phase, export and submission page', async () => {
    const seen = new Map<string, Set<string>>();
    const note = (entrant: string, name: string) => seen.set(entrant, (seen.get(entrant) ?? new Set()).add(name));
    const submitters = new Map<string, Set<string>>();
    for (const phaseId of phases) {
      for (const key of BOARDS) {
        const b = await board(ada, phaseId, key);
        expect(b.rows).toHaveLength(3);
        for (const r of b.rows) {
          note(entrantOf(r.submissionId), r.participant);
          const by = made.find((m) => m.id === r.submissionId)!.by;
          submitters.set(by, (submitters.get(by) ?? new Set()).add(r.submitter));
          if (entrantOf(r.submissionId) === 'team') {
            expect(r.team).toBe(r.participant);
          } else {
            expect(r.team).toBeNull();
          }
          expect(r).not.toHaveProperty('pseudonym');
        }
        const csv = await (await ada.raw(`/api/phases/${phaseId}/leaderboards/${key}/export?format=csv`)).text();
        for (const line of csv.trim().split('\r\n').slice(1)) {
          const [, participant, submissionId] = line.split(',');
          note(entrantOf(submissionId), participant);
        }
      }
    }
    for (const m of made.filter((x) => x.by === 'bob' || x.by === 'cat')) {
      const s = await ada.json('GET', `/api/submissions/${m.id}`);
      if (s.status !== 200) {
        continue;
      }
      note(m.entrant, s.body.teamName ?? s.body.submitter);
      expect(s.body.teamId).toBeNull();
      submitters.set(m.by, (submitters.get(m.by) ?? new Set()).add(s.body.submitter));
    }
    const names = ['ada', 'bob', 'team'].map((e) => [...(seen.get(e) ?? [])]);
    for (const n of names) {
      expect(n).toHaveLength(1);
    }
    expect(names[0][0]).toMatch(/^Participant \d+$/);
    expect(names[1][0]).toMatch(/^Participant \d+$/);
    expect(names[2][0]).toMatch(/^Team \d+$/);
    expect(new Set(names.flat()).size).toBe(3);
    // The member who submitted for the team is a pseudonym too, the same wherever it shows.
    for (const [by, s] of submitters) {
      expect([by, [...s]]).toEqual([by, [expect.stringMatching(/^Participant \d+$/)]]);
    }
  });

  it("marks the caller's own rows in 'my rank' while board pages stay the same for every participant", async () => {
    for (const phaseId of phases) {
      for (const key of BOARDS) {
        const me = (await ada.json('GET', `/api/phases/${phaseId}/leaderboards/${key}/me?neighbours=100`)).body;
        expect(me.anonymous).toBe(true);
        const mine = me.rows.filter((r: { mine: boolean }) => r.mine);
        expect(mine.map((r: { submissionId: string }) => entrantOf(r.submissionId))).toEqual(['ada']);
        expect(mine[0].position).toBe(me.position);
        expect(
          me.rows
            .filter((r: { mine: boolean }) => !r.mine)
            .every((r: { participant: string }) => /^(Participant|Team) \d+$/.test(r.participant)),
        ).toBe(true);
        // A team member's own row is the team's.
        const catMe = (await cat.json('GET', `/api/phases/${phaseId}/leaderboards/${key}/me?neighbours=100`)).body;
        expect(
          catMe.rows
            .filter((r: { mine: boolean }) => r.mine)
            .map((r: { submissionId: string }) => entrantOf(r.submissionId)),
        ).toEqual(['team']);
        // The page is shared: ada and bob read the same bytes (one cached build per board version).
        const page = `/api/phases/${phaseId}/leaderboards/${key}`;
        const [a, b] = [await ada.raw(page), await bob.raw(page)];
        expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
        expect(await a.text()).toBe(await b.text());
      }
    }
    // Their own submission shows them their own name.
    const own = (await ada.json('GET', `/api/submissions/${made.find((m) => m.by === 'ada')!.id}`)).body;
    expect(own.submitter).toBe(user.ada.username);
  });

  it('shows organizers (owner and collaborator) the names, with the pseudonym participants see', async () => {
    const pseudonym = new Map<string, string>();
    for (const r of (await board(ada, phases[0], 'main')).rows) {
      pseudonym.set(entrantOf(r.submissionId), r.participant);
    }
    const real: Record<string, string> = { ada: user.ada.username, bob: user.bob.username, team: team.name };
    for (const organizer of [owner, collaborator]) {
      for (const phaseId of phases) {
        for (const key of BOARDS) {
          for (const r of (await board(organizer, phaseId, key)).rows) {
            const entrant = entrantOf(r.submissionId);
            expect(r.participant).toBe(real[entrant]);
            expect(r.pseudonym).toBe(pseudonym.get(entrant));
          }
        }
      }
      const csv = await (await organizer.raw(`/api/phases/${phases[1]}/leaderboards/best/export?format=csv`)).text();
      expect(csv.split('\r\n')[0]).toMatch(/^rank,participant,pseudonym,submission_id/);
      expect(csv).toContain(team.name);
      expect(csv).toContain(pseudonym.get('team'));
      const bobs = made.find((m) => m.by === 'bob')!.id;
      expect((await organizer.json('GET', `/api/submissions/${bobs}`)).body).toMatchObject({
        submitter: user.bob.username,
      });
    }
  });

  it("the CLI's leaderboard shows pseudonyms and the caller's row to a participant, names to an organizer", async () => {
    const arena = (client: HttpClient, ...args: string[]) =>
      runBuiltCli(args, { HOME: join(fx.tmp, 'cli-home'), ARENA_URL: fx.api.url, ARENA_TOKEN: tokenOf(client) });
    for (const format of ['table', 'csv', 'json']) {
      const run = await arena(ada, 'leaderboard', phases[1], '--format', format);
      expect(run.code, run.err).toBe(0);
      expect(secrets.filter((x) => run.out.includes(x))).toEqual([]);
    }
    const table = (await arena(ada, 'leaderboard', phases[1])).out;
    expect(table).toContain('anonymous (participants see pseudonyms)');
    const adaRow = table.split('\n').find((l) => l.includes('(you)'))!;
    expect(adaRow).toMatch(/Participant \d+ \(you\)/);
    expect(adaRow).toContain(made.find((m) => m.by === 'ada' && m.phaseId === phases[1])!.id);
    const organizerTable = (await arena(owner, 'leaderboard', phases[1], '--board', 'best')).out;
    expect(organizerTable).toMatch(/PARTICIPANT\s+PSEUDONYM/);
    expect(organizerTable).toContain(team.name);
  });

  it('shows names again once the organizer turns the setting off, and the same pseudonyms when it is on again', async () => {
    const before = (await board(ada, phases[0], 'main')).rows.map((r: { participant: string }) => r.participant);
    const off = await owner.json('PATCH', `/api/competitions/${competitionId}`, { anonymousLeaderboard: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const plain = await board(ada, phases[0], 'main');
    expect(plain.anonymous).toBe(false);
    const names = plain.rows.map((r: { participant: string }) => r.participant);
    expect(names).toEqual(expect.arrayContaining([user.bob.username, team.name, user.ada.username]));
    const bobs = made.find((m) => m.by === 'bob')!.id;
    expect((await ada.json('GET', `/api/submissions/${bobs}`)).body.submitter).toBe(user.bob.username);
    expect(await (await ada.raw(`/api/phases/${phases[0]}/leaderboards/main/export?format=csv`)).text()).toContain(
      user.bob.username,
    );
    // The sweep that finds nothing while the board is anonymous finds the names now: it can fail.
    const found = leaks(await sweep(ada));
    for (const part of ['/leaderboards/best/export?format=csv', '/leaderboards/main/me', `/api/submissions/${bobs}`]) {
      expect(
        found.some((l) => l.includes(part) && l.endsWith(user.bob.username)),
        part,
      ).toBe(true);
    }
    expect(found.some((l) => l.endsWith(team.name))).toBe(true);

    expect(
      (await owner.json('PATCH', `/api/competitions/${competitionId}`, { anonymousLeaderboard: true })).status,
    ).toBe(200);
    expect((await board(ada, phases[0], 'main')).rows.map((r: { participant: string }) => r.participant)).toEqual(
      before,
    );
  });

  it('reads anonymous_leaderboard from a CodaLab v1 bundle, and keeps the v1 extras in step with the switch', async () => {
    const v1 = await owner.upload(
      '/api/competitions',
      'bundle',
      await writeZip(join(fx.tmp, 'v1.zip'), typicalV1Files()),
    );
    await owner.publish(v1);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body.anonymousLeaderboard).toBe(true);
    const phaseId = v1.body.phases[0].id;
    const boards = (await owner.json('GET', `/api/phases/${phaseId}/leaderboard`)).body;
    expect(boards.leaderboards.map((b: { anonymous: boolean }) => b.anonymous)).toEqual([true]);
    const flag = async () =>
      (
        await fx.db.query<{ v: boolean }>(
          `SELECT (model #> '{extra,codalab,competition,anonymous_leaderboard}')::boolean AS v FROM competitions WHERE id = $1`,
          [v1.body.id],
        )
      )[0].v;
    expect(await flag()).toBe(true);
    expect((await owner.json('PATCH', `/api/competitions/${v1.body.id}`, { anonymousLeaderboard: false })).status).toBe(
      200,
    );
    expect(await flag()).toBe(false);
    expect(await (await owner.raw(`/api/competitions/${v1.body.id}/yaml`)).text()).not.toContain(
      'anonymous_leaderboard',
    );
    expect((await owner.json('PATCH', `/api/competitions/${v1.body.id}`, { anonymousLeaderboard: true })).status).toBe(
      200,
    );
    expect(await flag()).toBe(true);
    expect(await (await owner.raw(`/api/competitions/${v1.body.id}/yaml`)).text()).toContain(
      'anonymous_leaderboard: true',
    );
  });

  it('refuses the switch to a participant', async () => {
    const r = await ada.json('PATCH', `/api/competitions/${competitionId}`, { anonymousLeaderboard: false });
    expect([403, 404]).toContain(r.status);
    expect((await board(ada, phases[0], 'main')).anonymous).toBe(true);
  });

  // Last: it draws the pseudonyms again.
  it('backfills a pseudonym for every entrant that existed before the migration, and the setting from v1 extras', async () => {
    type Numbered = { competition_id: string; entrant_id: string; kind: string; number: number };
    const numbered = () =>
      fx.db.query<Numbered>('SELECT * FROM entrant_pseudonyms ORDER BY competition_id, entrant_id');
    const before = await numbered();
    // Each user who registered or submitted, and the team: numbered by the trigger.
    const ours = before.filter((r) => r.competition_id === competitionId);
    expect(ours.map((r) => r.entrant_id).sort()).toEqual(
      ['ada', 'bob', 'cat', 'dan']
        .map((n) => user[n].id)
        .concat(team.id)
        .sort(),
    );
    await fx.db.query('DELETE FROM entrant_pseudonyms');
    await fx.db.query(`UPDATE competitions SET model = model - 'anonymousLeaderboard'`);
    await new EntrantPseudonymsBackfill1763970000001().up({ query: (sql: string) => fx.db.query(sql) } as never);
    const after = await numbered();
    expect(after.map(({ number: _, ...r }) => r)).toEqual(before.map(({ number: _, ...r }) => r));
    for (const kind of ['user', 'team']) {
      const numbers = after.filter((r) => r.competition_id === competitionId && r.kind === kind).map((r) => r.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers.every((x) => x >= 1 && x <= 1000)).toBe(true);
    }
    const flags = await fx.db.query<{ format: string; anonymous: boolean }>(
      `SELECT format, (model->>'anonymousLeaderboard')::boolean AS anonymous FROM competitions ORDER BY format`,
    );
    // A v2 competition could not be anonymous before; the v1 one says so in its extras.
    expect(flags).toEqual([
      { format: 'v1', anonymous: true },
      { format: 'v2', anonymous: false },
    ]);
  });
});

function tokenOf(client: HttpClient): string {
  return (client as unknown as { token: string }).token;
}

function authOf(client: HttpClient): Record<string, string> {
  return (client as unknown as { auth(): Record<string, string> }).auth();
}

/** The body, or what of it arrived before the request's time ran out (a live stream). */
async function readSome(res: Response): Promise<string> {
  if (!res.body) {
    return '';
  }
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
    }
  } catch {
    // Timed out: keep what came.
  }
  return text;
}
