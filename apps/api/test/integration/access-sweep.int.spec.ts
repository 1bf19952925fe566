import { openAsBlob } from 'node:fs';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_KEY } from '../../src/common/auth.decorators';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { TEST_ENV } from '../support/test-env';
import { fillPath } from '../support/route-params';

interface Operation {
  method: string;
  path: string;
  isPublic: boolean;
  multipartField: string | null;
}

/** Metadata keys of @nestjs/swagger's decorators (its constants file is not exported). */
const DECORATORS = {
  API_CONSUMES: 'swagger/apiConsumes',
  API_PARAMETERS: 'swagger/apiParameters',
  API_MODEL_PROPERTIES: 'swagger/apiModelProperties',
  API_MODEL_PROPERTIES_ARRAY: 'swagger/apiModelPropertiesArray',
};

/** Every route of the running app, read from the controllers' own metadata (what the router serves). */
function routesOf(fx: ArenaFixture): Operation[] {
  const ops: Operation[] = [];
  for (const module of fx.api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as unknown as { prototype: Record<string, object> } | null;
      if (!type) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) {
          continue;
        }
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = ('/api/' + [base, sub].filter((p) => p && p !== '/').join('/'))
          .replace(/\/+/g, '/')
          .replace(/:(\w+)/g, '{$1}');
        const access = Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type);
        const consumes: string[] = Reflect.getMetadata(DECORATORS.API_CONSUMES, handler) ?? [];
        ops.push({
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
          path,
          isPublic: access === 'public',
          multipartField: consumes.includes('multipart/form-data') ? binaryField(handler) : null,
        });
      }
    }
  }
  return ops.filter((o) => o.path.includes('{'));
}

/** The file field of a multipart route, from its @ApiBody DTO. */
function binaryField(handler: object): string {
  const params: { in?: string; type?: { prototype: object } }[] =
    Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? [];
  const dto = params.find((p) => p.in === 'body')?.type;
  const props: string[] = dto ? (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, dto.prototype) ?? []) : [];
  for (const p of props.map((x) => x.replace(/^:/, ''))) {
    if (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto!.prototype, p)?.format === 'binary') {
      return p;
    }
  }
  return 'file';
}

/**
 * Routes that act on the caller's own data (their registration, their submissions, their usage, their team):
 * any signed-in user may call them, so they are checked for leaks of the victim's data instead of refusal.
 */
const SELF_SERVICE = [
  'POST /api/competitions/{competitionId}/participation',
  'GET /api/competitions/{competitionId}/participation',
  'DELETE /api/competitions/{competitionId}/participation',
  'POST /api/phases/{phaseId}/submissions',
  'GET /api/phases/{phaseId}/submissions',
  'GET /api/phases/{phaseId}/limits',
  'POST /api/competitions/{competitionId}/teams',
  'GET /api/competitions/{competitionId}/teams/mine',
];
/** Others' routes first, then self-service, leaving the competition last so the participant stays one until then. */
const rank = (op: Operation) => (!isSelfService(op) ? 0 : op.method === 'DELETE' ? 2 : 1);
const isSelfService = (op: Operation) => SELF_SERVICE.includes(`${op.method} ${op.path}`) || op.path.endsWith('/me');

/**
 * Public routes whose answer still depends on the caller: a phase's files are for its approved participants and
 * organizers until the organizers make them public (the victim's competition has not).
 */
const GATED_PUBLIC = [
  'GET /api/phases/{phaseId}/files',
  'GET /api/phases/{phaseId}/files/{name}',
  'GET /api/phases/{phaseId}/files/{name}/link',
];

/** Request bodies valid for each route, so that a refusal comes from the access rule and not from validation. */
const BODIES: Record<string, unknown> = {
  'POST /api/competitions/{competitionId}/collaborators': { username: 'placeholder' },
  'PATCH /api/competitions/{competitionId}/settings': { timeZone: 'Europe/Paris' },
  'POST /api/competitions/{competitionId}/participants/mail': { subject: 'spam', body: 'spam' },
  'POST /api/teams/{teamId}/invitations': { username: 'placeholder' },
  'POST /api/competitions/{competitionId}/participation': { acceptTerms: true },
  'POST /api/competitions/{competitionId}/teams': { name: 'Intruders' },
  'PATCH /api/submissions/{id}/visibility': { isPublic: true },
  'PUT /api/competitions/{id}/visibility': { visibility: 'draft' },
  'PUT /api/competitions/{id}/join-rules': { emailDomains: ['evil.example'], idpGroups: [] },
  'POST /api/phases/{phaseId}/tasks': { taskIndex: 0 },
};

describe('access sweep: every route taking an id refuses anonymous callers, other participants and other organizers', () => {
  let fx: ArenaFixture;
  let operations: Operation[];
  const ids: Record<string, string> = {};
  let attackers: { name: string; client: HttpClient }[];
  let victimToken: HttpClient;

  let owner: HttpClient;

  beforeAll(async () => {
    // The owner's queue is swept too (RabbitMQ's management API creates it).
    fx = await ArenaFixture.start({ RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl });
    owner = await fx.user('own');
    const collaborator = await fx.user('col');
    const victim = await fx.user('vic');
    const teammate = await fx.user('mate');
    const participant = await fx.user('par');
    const otherOrganizer = await fx.user('oth');
    const me = async (c: HttpClient) => (await c.json('GET', '/api/auth/me')).body as { id: string; username: string };

    const c = await fx.competition(owner);
    ids.competition = c.id;
    ids.phase = c.phaseId;
    await fx.competition(otherOrganizer);
    await owner.json('POST', `/api/competitions/${c.id}/collaborators`, {
      username: (await me(collaborator)).username,
    });
    ids.collaborator = (await me(collaborator)).id;
    for (const u of [victim, teammate, participant]) {
      await fx.register(u, c.id);
    }
    const team = await victim.json('POST', `/api/competitions/${c.id}/teams`, { name: 'Victims' });
    ids.team = team.body.id;
    await victim.json('POST', `/api/teams/${ids.team}/invitations`, { username: (await me(teammate)).username });
    await teammate.json('POST', `/api/teams/${ids.team}/accept`);
    ids.teammate = (await me(teammate)).id;
    ids.victim = (await me(victim)).id;
    ids.victimName = (await me(victim)).username;
    const submission = await fx.submit(victim, c.phaseId, { teamId: ids.team });
    expect(submission.status).toBe(201);
    ids.submission = submission.body.id;
    const [run] = await fx.db.query<{ id: string }>('SELECT id FROM runs WHERE submission_id = $1', [ids.submission]);
    ids.run = run.id;
    // The owner's queue, shared with the victim, sends the competition's jobs: nobody else may unshare, unbind or delete it.
    const queue = await owner.json('POST', '/api/queues', { name: 'owner box' });
    expect(queue.status).toBe(201);
    ids.queue = queue.body.id;
    expect((await owner.json('POST', `/api/queues/${ids.queue}/shares`, { username: ids.victimName })).status).toBe(
      204,
    );
    expect((await owner.json('PUT', `/api/competitions/${c.id}/queue`, { queueId: ids.queue })).status).toBe(204);
    const token = await victim.json('POST', '/api/auth/tokens', { name: 'victim bot' });
    ids.token = token.body.id;
    victimToken = fx.anon.as(token.body.token);

    attackers = [
      { name: 'anonymous', client: fx.anon },
      { name: 'another participant', client: participant },
      { name: 'an organizer of another competition', client: otherOrganizer },
    ];

    operations = routesOf(fx)
      // Self-service routes last: registering or leaving must not change what the other checks see.
      .sort((a, b) => rank(a) - rank(b));
  });

  afterAll(async () => {
    if (ids.queue) {
      await owner.json('DELETE', `/api/queues/${ids.queue}`);
    }
    await fx?.stop();
  });

  /** The victim's resource each path parameter names. */
  function fill(path: string): string {
    const userId = () =>
      path.includes('/collaborators/') ? ids.collaborator : path.includes('/members/') ? ids.teammate : ids.victim;
    const own = (name: string): string | undefined =>
      name === 'userId' ? userId() : { decision: 'ban', username: ids.victimName, name: 'submission' }[name];
    return fillPath(path, ids, own);
  }

  async function call(client: HttpClient, op: Operation): Promise<{ status: number; text: string }> {
    const url = fill(op.path);
    if (op.multipartField) {
      const form = new FormData();
      form.append(op.multipartField, await openAsBlob(fx.resultsZip), 'file.zip');
      const headers = (client as unknown as { auth(): Record<string, string> }).auth();
      const res = await fetch(fx.api.url + url, { method: op.method, headers, body: form });
      return { status: res.status, text: await res.text() };
    }
    const body = BODIES[`${op.method} ${op.path}`] ?? (['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined);
    const r = await client.json(op.method, url, body);
    return { status: r.status, text: JSON.stringify(r.body ?? '') };
  }

  it('finds the routes to sweep', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/competitions/{competitionId}/participants/{userId}/{decision}',
        'GET /api/submissions/{id}',
        'DELETE /api/teams/{teamId}/members/{userId}',
        'DELETE /api/auth/tokens/{id}',
        'PATCH /api/submissions/{id}/visibility',
        'GET /api/submissions/{id}/output',
        'POST /api/submissions/{id}/rerun',
        'DELETE /api/submissions/{id}',
        'POST /api/phases/{phaseId}/rerun',
        'GET /api/phases/{phaseId}/submissions/export',
        'GET /api/competitions/{competitionId}/submissions/export',
        'GET /api/competitions/{competitionId}/participants/export',
        // Issue 15: the routes its findings went through.
        'PUT /api/competitions/{id}/yaml',
        'PATCH /api/competitions/{id}',
        'GET /api/competitions/{id}/bundle',
        'GET /api/submissions/{id}/logs/{stream}',
        'GET /api/submissions/{id}/logs/live',
        'GET /api/submissions/{id}/detailed-results',
        'PATCH /api/queues/{id}',
        'DELETE /api/queues/{id}',
        'DELETE /api/queues/{id}/shares/{username}',
        'PUT /api/competitions/{id}/queue',
        'DELETE /api/competitions/{competitionId}/participation',
        // Issue 21: a competition's visibility, secret link, join rules, archiving and deletion.
        'PUT /api/competitions/{id}/visibility',
        'GET /api/competitions/{id}/access',
        'POST /api/competitions/{id}/access-key',
        'PUT /api/competitions/{id}/join-rules',
        'POST /api/competitions/{id}/archive',
        'DELETE /api/competitions/{id}/archive',
        'DELETE /api/competitions/{id}',
        // Issue 27: benchmark mode.
        'POST /api/phases/{phaseId}/tasks',
        'DELETE /api/phases/{phaseId}/tasks/{taskId}',
        // Issue 27: organizer insight.
        'GET /api/competitions/{competitionId}/insight',
        'GET /api/competitions/{competitionId}/insight/export',
        // Issue 27: a competition's queue for its organizers.
        'GET /api/competitions/{competitionId}/status',
      ]),
    );
  });

  it('refuses each of them, or leaks nothing of the victim on self-service routes', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => !o.isPublic)) {
      for (const { name, client } of attackers) {
        const { status, text } = await call(client, op);
        const route = `${op.method} ${op.path} as ${name}: ${status}`;
        if (name === 'anonymous') {
          if (status !== 401) {
            problems.push(route);
          }
        } else if (isSelfService(op)) {
          if (status >= 500) {
            problems.push(route);
          }
          for (const secret of [ids.submission, ids.team, ids.token]) {
            if (text.includes(secret)) {
              problems.push(`${route} leaks ${secret}`);
            }
          }
        } else {
          // 400 only where the sweep knows no valid body: the route refused to act before any effect.
          const known =
            `${op.method} ${op.path}` in BODIES || !['POST', 'PUT', 'PATCH'].includes(op.method) || op.multipartField;
          if (![401, 403, 404].includes(status) && !(status === 400 && !known)) {
            problems.push(`${route} ${text.slice(0, 200)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses the gated public routes to anonymous callers, non-participants and other organizers', async () => {
    const gated = operations.filter((o) => GATED_PUBLIC.includes(`${o.method} ${o.path}`));
    expect(gated.map((o) => `${o.method} ${o.path}`).sort()).toEqual([...GATED_PUBLIC].sort());
    const problems: string[] = [];
    // The other participant left the competition in the sweep above: no longer a participant.
    const callers = [...attackers, { name: 'the victim (an approved participant)', client: victimToken }];
    for (const op of gated) {
      for (const { name, client } of callers) {
        const { status } = await call(client, op);
        // The victim may: the list answers, a file the phase does not offer ({name} is filled in) is 404.
        const expected = name === 'anonymous' ? [401] : client === victimToken ? [200, 404] : [403];
        if (!expected.includes(status)) {
          problems.push(`${op.method} ${op.path} as ${name}: ${status}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('left the victim untouched', async () => {
    expect((await victimToken.json('GET', '/api/auth/me')).status).toBe(200);
    const team = await victimToken.json('GET', `/api/teams/${ids.team}`);
    expect(team.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [ids.victim, ids.teammate].sort(),
    );
    expect((await victimToken.json('GET', `/api/competitions/${ids.competition}/participation`)).body.status).toBe(
      'approved',
    );
    const submission = await victimToken.json('GET', `/api/submissions/${ids.submission}`);
    expect(submission).toMatchObject({ status: 200, body: { isPublic: false } });
    const [{ reruns }] = await fx.db.query<{ reruns: number }>(
      'SELECT count(*)::int AS reruns FROM submissions WHERE rerun_of IS NOT NULL',
    );
    expect(reruns).toBe(0);
    const settings = await fx.db.query<{
      time_zone: string;
      visibility: string;
      archived_at: Date | null;
      join_email_domains: string[];
    }>('SELECT time_zone, visibility, archived_at, join_email_domains FROM competitions WHERE id = $1', [
      ids.competition,
    ]);
    expect(settings[0]).toMatchObject({
      time_zone: 'UTC',
      visibility: 'public',
      archived_at: null,
      join_email_domains: [],
    });
    const [{ n }] = await fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM competition_collaborators WHERE competition_id = $1',
      [ids.competition],
    );
    expect(n).toBe(1);
    // The owner's queue: still there, still shared with the victim, still sending the competition's jobs.
    expect((await owner.json('GET', `/api/queues/${ids.queue}`)).body).toMatchObject({
      name: 'owner box',
      isPublic: false,
    });
    expect((await victimToken.json('GET', `/api/queues/${ids.queue}`)).status).toBe(200);
    const [bound] = await fx.db.query<{ queue_id: string }>(
      'SELECT queue_id FROM competition_queues WHERE competition_id = $1',
      [ids.competition],
    );
    expect(bound?.queue_id).toBe(ids.queue);
  });
});
