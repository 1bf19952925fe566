import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_KEY } from '../../src/common/auth.decorators';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { countStoredObjects } from '../support/stored-objects';
import { TEST_ENV } from '../support/test-env';
import { fillPath } from '../support/route-params';

/**
 * Issue 19: hostile input against every endpoint that takes text or files, discovered from the controllers. Oversized
 * and deeply nested JSON, invalid UTF-8, control and invisible characters in every string property, path traversal and
 * wrong shapes in every path parameter, control characters in every query property, huge multipart field counts,
 * hostile file names and fields in uploads, look-alike usernames. Each gets a clear 4xx (a JSON answer naming the
 * problem) and changes nothing: the database (every table but the rate limits' log) and the stored objects are the same
 * after each route's inputs as before. The table of what each input got is printed and kept in
 * artifacts/hostile-sweep.md.
 */
interface Operation {
  method: string;
  path: string;
  access: string;
  /** The file field of a multipart route. */
  multipartField: string | null;
  /** The body DTO's string properties (null: no typed body). */
  bodyStrings: string[] | null;
  /** The query DTO's properties (empty: none). */
  queryProps: string[];
}

const SWAGGER = {
  CONSUMES: 'swagger/apiConsumes',
  PROPS: 'swagger/apiModelPropertiesArray',
  PROP: 'swagger/apiModelProperties',
};

function propertiesOf(dto: { prototype: object } | undefined): { name: string; type: unknown }[] {
  if (!dto?.prototype) {
    return [];
  }
  const names: string[] = Reflect.getMetadata(SWAGGER.PROPS, dto.prototype) ?? [];
  return names
    .map((n) => n.replace(/^:/, ''))
    .map((name) => ({ name, type: Reflect.getMetadata(SWAGGER.PROP, dto.prototype, name)?.type }));
}

/** Every route of the running app with what it takes, read from the controllers' metadata. */
function operationsOf(fx: ArenaFixture): Operation[] {
  const ops: Operation[] = [];
  for (const module of fx.api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as unknown as ({ prototype: Record<string, object> } & (new () => object)) | null;
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
        const args: Record<string, { index: number; data?: string }> =
          Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {};
        const types: ({ prototype: object } | undefined)[] =
          Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? [];
        let body: { prototype: object } | undefined;
        const query: string[] = [];
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind === RouteParamtypes.BODY && !arg.data) {
            body = types[arg.index];
          }
          if (kind === RouteParamtypes.QUERY) {
            query.push(...(arg.data ? [arg.data] : propertiesOf(types[arg.index]).map((p) => p.name)));
          }
        }
        const consumes: string[] = Reflect.getMetadata(SWAGGER.CONSUMES, handler) ?? [];
        const typed = body && (body as unknown) !== Object;
        ops.push({
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
          path,
          access: Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type),
          multipartField: consumes.includes('multipart/form-data')
            ? (propertiesOf(body).find((p) => p.name === 'file' || p.name === 'bundle')?.name ?? 'file')
            : null,
          bodyStrings: typed
            ? propertiesOf(body)
                .filter((p) => p.type === String)
                .map((p) => p.name)
            : null,
          queryProps: query,
        });
      }
    }
  }
  return ops;
}

/** Properties that hold names: the API refuses line breaks and bidirectional overrides in them too. */
const isName = (prop: string) => /(name|title|subject|login|email|key)$/i.test(prop);

/** What a hostile request got, for the table. */
interface Outcome {
  route: string;
  input: string;
  status: number;
  message: string;
}

describe('hostile input sweep: every endpoint that takes text or files', () => {
  let fx: ArenaFixture;
  let owner: HttpClient;
  let worker: HttpClient;
  let operations: Operation[];
  const ids: Record<string, string> = {};
  const outcomes: Outcome[] = [];
  const changed: string[] = [];

  /** Every table's rows, as text, but the rate limits' log and what background work touches (last use, mail sends). */
  async function fingerprint(): Promise<string> {
    const tables = await fx.db.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('rate_limit_hits', 'migrations') ORDER BY 1",
    );
    const volatile = [
      'last_used_at',
      'attempts',
      'next_attempt_at',
      'sent_at',
      'last_error',
      'applied_at',
      'updated_at',
      'last_heartbeat_at',
    ];
    const minus = volatile.map((c) => ` - '${c}'`).join('');
    const parts = await Promise.all(
      tables.map(async ({ t }) => {
        const [row] = await fx.db.query<{ h: string }>(
          `SELECT md5(coalesce(string_agg(j, '|' ORDER BY j), '')) AS h FROM (SELECT (to_jsonb(x)${minus})::text AS j FROM "${t}" x) s`,
        );
        return `${t}:${row.h}`;
      }),
    );
    return `${parts.join(',')};objects:${await countStoredObjects({ STORAGE_DIR: join(fx.tmp, 's') })}`;
  }

  /** Exactly these bytes to exactly this path: fetch would resolve `..` segments and re-encode names itself. */
  function raw(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(fx.api.url);
    return new Promise((done, fail) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }

  async function send(
    route: string,
    input: string,
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Buffer | string },
    as: HttpClient,
  ) {
    const auth = (as as unknown as { auth(): Record<string, string> }).auth();
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
    const res = await raw(method, url, { ...auth, ...init.headers }, body);
    const text = res.text;
    let message = '';
    try {
      message = String(JSON.parse(text).message ?? '');
    } catch {
      message = `(not JSON) ${text.slice(0, 60)}`;
    }
    const outcome = { route, input, status: res.status, message: message.replace(/[\u0000-\u001f]/g, ' ') };
    outcomes.push(outcome);
    return outcome;
  }

  beforeAll(async () => {
    // Notifications of finished submissions go out within 200 ms: the sweep waits for them before it starts.
    fx = await ArenaFixture.start({ RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl, MAIL_INTERVAL_MS: '200' });
    owner = await fx.user('own');
    const participant = await fx.user('par');
    const me = async (c: HttpClient) => (await c.json('GET', '/api/auth/me')).body as { id: string; username: string };
    const ownerMe = await me(owner);
    // Platform admin too, so that no route refuses the sweep's caller before it reads the input.
    await fx.db.query('UPDATE users SET is_admin = true WHERE id = $1', [ownerMe.id]);
    const c = await fx.competition(owner);
    ids.competition = c.id;
    ids.phase = c.phaseId;
    await fx.register(participant, c.id);
    ids.participant = (await me(participant)).id;
    ids.participantName = (await me(participant)).username;
    const team = await participant.json('POST', `/api/competitions/${c.id}/teams`, { name: 'Sweepers' });
    ids.team = team.body.id;
    const done = await fx.submit(participant, c.phaseId);
    expect(done.status).toBe(201);
    ids.submission = done.body.id;
    await fx.finishAs(ids.submission, 'finished');
    // A second submission whose job is taken and never started: its run's token drives the worker routes.
    const waiting = await fx.submit(participant, c.phaseId);
    const job = await fx.jobFor(waiting.body.id);
    ids.run = job.runId;
    worker = fx.anon.as(job.token);
    const queue = await owner.json('POST', '/api/queues', { name: 'sweep box' });
    expect(queue.status).toBe(201);
    ids.queue = queue.body.id;
    const token = await owner.json('POST', '/api/auth/tokens', { name: 'sweep bot' });
    ids.token = token.body.id;
    const upload = await owner.json('POST', '/api/uploads', {
      filename: 'predictions.zip',
      size: 10,
      purpose: 'submission',
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    ids.upload = upload.body.id;
    // The boards take the finished result in, and mails go out, just after: wait until nothing moves any more.
    for (
      let i = 0;
      i < 100 &&
      (await fx.db.query('SELECT 1 FROM submissions WHERE id = $1 AND notified_at IS NOT NULL', [ids.submission]))
        .length === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    let last = '';
    for (let same = 0, i = 0; same < 2 && i < 30; i++) {
      const now = await fingerprint();
      same = now === last ? same + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 500));
    }
    operations = operationsOf(fx);
  });

  afterAll(async () => {
    if (ids.queue) {
      await owner.json('DELETE', `/api/queues/${ids.queue}`);
    }
    const lines = ['| endpoint | input | status | answer |', '|---|---|---|---|'];
    for (const o of outcomes) {
      lines.push(`| ${o.route} | ${o.input} | ${o.status} | ${o.message.replace(/\|/g, '\\|').slice(0, 120)} |`);
    }
    const dir = resolve(__dirname, '../../../../artifacts');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'hostile-sweep.md'), `${lines.join('\n')}\n`);
    await fx?.stop();
  });

  /** A valid value for each path parameter (the sweep's own resources). */
  function fill(path: string, hostile?: { param: string; value: string }): string {
    const own = (name: string): string | undefined => {
      if (hostile?.param === name) {
        return hostile.value;
      }
      return {
        decision: 'approve',
        username: ids.participantName,
        name: 'public_data',
        index: '0',
        userId: ids.participant,
      }[name];
    };
    // A parameter the sweep has no resource for: a well-shaped value naming nothing, so its hostile values are still
    // compared with a plain 404.
    return fillPath(path, ids, own, (name) =>
      /id$/i.test(name) ? randomUUID() : `sweep-${randomBytes(8).toString('hex')}`,
    );
  }

  const callerOf = (op: Operation) => (op.access === 'worker-run' ? worker : owner);
  const routeOf = (op: Operation) => `${op.method} ${op.path}`;

  beforeEach(() => {
    changed.length = 0;
  });

  /** Runs `inputs` against a route and checks that the database and storage are as they were. */
  async function sweep(op: Operation, inputs: () => Promise<unknown>): Promise<void> {
    const before = await fingerprint();
    await inputs();
    const after = await fingerprint();
    if (after !== before) {
      const diff = after.split(',').filter((part, i) => part !== before.split(',')[i]);
      changed.push(`${routeOf(op)} changed ${diff.join(', ')}`);
    }
  }

  it('finds the routes that take text or files', () => {
    const jsonRoutes = operations.filter((o) => o.bodyStrings);
    expect(jsonRoutes.length).toBeGreaterThan(25);
    expect(
      operations
        .filter((o) => o.multipartField)
        .map(routeOf)
        .sort(),
    ).toEqual(['POST /api/competitions', 'POST /api/phases/{phaseId}/submissions']);
    expect(operations.filter((o) => o.path.includes('{')).length).toBeGreaterThan(80);
  });

  it('refuses oversized, deeply nested and invalid UTF-8 JSON on every route that reads a JSON body', async () => {
    const problems: string[] = [];
    const targets = operations.filter(
      (o) =>
        o.bodyStrings ||
        (['POST', 'PUT', 'PATCH'].includes(o.method) && !o.multipartField && o.access === 'worker-run'),
    );
    for (const op of targets) {
      const url = fill(op.path);
      const json = { 'content-type': 'application/json' };
      await sweep(op, async () => {
        const big = await send(
          routeOf(op),
          'JSON body of 200 KB',
          op.method,
          url,
          { headers: json, body: JSON.stringify({ x: 'a'.repeat(200_000) }) },
          callerOf(op),
        );
        if (big.status !== 413) {
          problems.push(`${routeOf(op)} oversized: ${big.status} ${big.message}`);
        }
        const deep = await send(
          routeOf(op),
          'JSON nested 40,000 deep',
          op.method,
          url,
          { headers: json, body: `{"x":${'['.repeat(40_000)}${']'.repeat(40_000)}}` },
          callerOf(op),
        );
        if (deep.status !== 400 || !/deeper than 64/.test(deep.message)) {
          problems.push(`${routeOf(op)} deep: ${deep.status} ${deep.message}`);
        }
        const bytes = Buffer.concat([
          Buffer.from('{"name":"'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from('"}'),
        ]);
        const bad = await send(
          routeOf(op),
          'invalid UTF-8 bytes',
          op.method,
          url,
          { headers: json, body: bytes },
          callerOf(op),
        );
        if (bad.status !== 400 || !/not valid UTF-8/.test(bad.message)) {
          problems.push(`${routeOf(op)} UTF-8: ${bad.status} ${bad.message}`);
        }
        const proto = await send(
          routeOf(op),
          '__proto__ in the body',
          op.method,
          url,
          { headers: json, body: '{"__proto__":{"isAdmin":true}}' },
          callerOf(op),
        );
        if (proto.status !== 400) {
          problems.push(`${routeOf(op)} __proto__: ${proto.status} ${proto.message}`);
        }
      });
    }
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses control and invisible characters in every string property of every JSON body, naming it', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => o.bodyStrings?.length)) {
      const url = fill(op.path);
      await sweep(op, async () => {
        for (const prop of op.bodyStrings!) {
          const values: [string, string, string][] = [
            ['NUL', `a\u0000b`, 'U+0000'],
            ['ESC (terminal escape)', `a\u001b[31mb`, 'U+001B'],
            ['unpaired surrogate', `a\ud800b`, 'U+D800'],
            ...(isName(prop)
              ? ([
                  ['line break in a name', 'a\nb', 'U+000A'],
                  ['right-to-left override in a name', 'admin\u202egnp.exe', 'U+202E'],
                ] as [string, string, string][])
              : []),
          ];
          for (const [label, value, code] of values) {
            const r = await send(
              routeOf(op),
              `${prop}: ${label}`,
              op.method,
              url,
              { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [prop]: value }) },
              callerOf(op),
            );
            if (r.status !== 400 || !r.message.includes(prop) || !r.message.includes(code)) {
              problems.push(`${routeOf(op)} ${prop} ${label}: ${r.status} ${r.message}`);
            }
          }
        }
      });
    }
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses path traversal, wrong shapes and control characters in every path parameter', async () => {
    const problems: string[] = [];
    const hostile: [string, string][] = [
      ['traversal ../../etc/passwd', '..%2F..%2F..%2Fetc%2Fpasswd'],
      ['dot-dot', '..'],
      ['encoded dot-dot', '%2e%2e'],
      ['NUL', 'a%00b'],
      ['SQL-looking', "1'%20OR%20'1'%3D'1"],
      ['right-to-left override', 'a%E2%80%AEb'],
      ['2,000 characters', 'x'.repeat(2000)],
    ];
    for (const op of operations.filter((o) => o.path.includes('{'))) {
      await sweep(op, async () => {
        for (const [, param] of [...op.path.matchAll(/\{(\w+)\}/g)]) {
          for (const [label, value] of hostile) {
            const url = fill(op.path, { param, value });
            const body = ['POST', 'PUT', 'PATCH'].includes(op.method)
              ? { headers: { 'content-type': 'application/json' }, body: '{}' }
              : {};
            const r = await send(routeOf(op), `{${param}}: ${label}`, op.method, url, body, callerOf(op));
            // 401: a worker route's job token is for another run; 404: nothing has that name. Never 2xx, never 5xx.
            const ok = r.status >= 400 && r.status < 500 && r.message !== '' && !r.message.startsWith('(not JSON)');
            if (!ok) {
              problems.push(`${routeOf(op)} {${param}} ${label}: ${r.status} ${r.message}`);
            }
          }
        }
      });
    }
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses control characters in every query property', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => o.queryProps.length)) {
      await sweep(op, async () => {
        for (const prop of op.queryProps) {
          const r = await send(
            routeOf(op),
            `?${prop}=a%00b`,
            op.method,
            `${fill(op.path)}?${prop}=a%00b`,
            {},
            callerOf(op),
          );
          if (r.status !== 400 || !r.message.includes(prop)) {
            problems.push(`${routeOf(op)} ?${prop}: ${r.status} ${r.message}`);
          }
          const many = await send(
            routeOf(op),
            `?${prop} repeated 1,000 times`,
            op.method,
            `${fill(op.path)}?${Array(1000).fill(`${prop}=1`).join('&')}`,
            {},
            callerOf(op),
          );
          if (many.status !== 400) {
            problems.push(`${routeOf(op)} ?${prop} x1000: ${many.status} ${many.message}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses hostile multipart uploads: thousands of fields, control characters and invalid UTF-8 in fields and file names', async () => {
    const problems: string[] = [];
    const zip = await readFile(fx.resultsZip);
    /** A multipart body written by hand: fields as raw bytes, then the file under `fileName` (raw bytes too). */
    const multipart = (
      field: string,
      fields: [string, Buffer | string][],
      fileName: Buffer | string = 'results.zip',
      extraFile = false,
    ) => {
      const parts: Buffer[] = [];
      for (const [k, v] of fields) {
        parts.push(
          Buffer.from(`--B\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`),
          Buffer.from(v),
          Buffer.from('\r\n'),
        );
      }
      const file = (name: string, fn: Buffer | string) => [
        Buffer.from(`--B\r\nContent-Disposition: form-data; name="${name}"; filename="`),
        Buffer.from(fn),
        Buffer.from('"\r\nContent-Type: application/zip\r\n\r\n'),
        zip,
        Buffer.from('\r\n'),
      ];
      parts.push(...file(field, fileName));
      if (extraFile) {
        parts.push(...file('other', 'x.zip'));
      }
      parts.push(Buffer.from('--B--\r\n'));
      return { headers: { 'content-type': 'multipart/form-data; boundary=B' }, body: Buffer.concat(parts) };
    };
    for (const op of operations.filter((o) => o.multipartField)) {
      const url = fill(op.path);
      const field = op.multipartField!;
      const expect4xx = (r: Outcome, statuses: number[], pattern: RegExp) => {
        if (!statuses.includes(r.status) || !pattern.test(r.message)) {
          problems.push(`${r.route} ${r.input}: ${r.status} ${r.message}`);
        }
      };
      const text = op.path.includes('submissions') ? 'description' : 'note';
      await sweep(op, async () => {
        const many = Array.from({ length: 5000 }, (_, i): [string, string] => [`f${i}`, 'x']);
        expect4xx(
          await send(routeOf(op), '5,000 text fields', 'POST', url, multipart(field, many), owner),
          [413],
          /at most 20 text fields/,
        );
        expect4xx(
          await send(routeOf(op), `field ${text}: NUL`, 'POST', url, multipart(field, [[text, 'a\u0000b']]), owner),
          [400],
          /U\+0000/,
        );
        // Invalid UTF-8 in a field arrives as U+FFFD, which no text may hold.
        expect4xx(
          await send(
            routeOf(op),
            `field ${text}: invalid UTF-8`,
            'POST',
            url,
            multipart(field, [[text, Buffer.from([0xff, 0xfe, 0x41])]]),
            owner,
          ),
          [400],
          /U\+FFFD/,
        );
        expect4xx(
          await send(routeOf(op), 'file name with a NUL', 'POST', url, multipart(field, [], 'a\u0000b.zip'), owner),
          [400],
          /file name holds .* U\+0000/,
        );
        expect4xx(
          await send(
            routeOf(op),
            'file name with an escape sequence',
            'POST',
            url,
            multipart(field, [], 'a\u001b[2Jb.zip'),
            owner,
          ),
          [400],
          /file name holds .* U\+001B/,
        );
        expect4xx(
          await send(
            routeOf(op),
            'file name with a right-to-left override',
            'POST',
            url,
            multipart(field, [], 'results\u202Epiz.exe'),
            owner,
          ),
          [400],
          /file name holds .* U\+202E/,
        );
        expect4xx(
          await send(
            routeOf(op),
            'file name in invalid UTF-8',
            'POST',
            url,
            multipart(field, [], Buffer.from([0x61, 0xff, 0x2e, 0x7a, 0x69, 0x70])),
            owner,
          ),
          [400],
          /file name holds .* U\+FFFD/,
        );
        expect4xx(
          await send(routeOf(op), 'a second file part', 'POST', url, multipart(field, [], 'results.zip', true), owner),
          [400, 413],
          /unexpected file field|one file only/,
        );
      });
      // A file name that climbs out of any folder is only a name: the upload is stored under the platform's own key.
      const marker = `arena-sweep-${randomBytes(4).toString('hex')}.zip`;
      const r = await send(
        routeOf(op),
        'file name ../../../../tmp/<x>.zip (accepted as a name only)',
        'POST',
        url,
        multipart(field, [], `../../../../tmp/${marker}`),
        owner,
      );
      if (r.status >= 500 || existsSync(join('/tmp', marker))) {
        problems.push(`${routeOf(op)} traversal file name: ${r.status} ${r.message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses a YAML edit that is not UTF-8 or holds control characters', async () => {
    const op = operations.find((o) => routeOf(o) === 'PUT /api/competitions/{id}/yaml')!;
    const url = fill(op.path);
    const problems: string[] = [];
    await sweep(op, async () => {
      const base = await (await owner.raw(url)).text();
      for (const [label, body] of [
        [
          'YAML text with invalid UTF-8',
          Buffer.concat([
            Buffer.from(base.replace(/^title: .*$/m, 'title: "')),
            Buffer.from([0xff, 0xfe]),
            Buffer.from('"'),
          ]),
        ],
        ['YAML text with a NUL', Buffer.from(base.replace(/^title: .*$/m, 'title: a\u0000b'))],
        ['YAML with an escaped NUL in a title', Buffer.from(base.replace(/^title: .*$/m, 'title: "a\\0b"'))],
        ['YAML with an escaped ESC in a page', Buffer.from(base.replace(/^description: .*$/m, 'description: "a\\eb"'))],
      ] as [string, Buffer][]) {
        const r = await send(
          routeOf(op),
          label,
          'PUT',
          url,
          { headers: { 'content-type': 'text/plain' }, body },
          owner,
        );
        if (r.status !== 400) {
          problems.push(`${label}: ${r.status} ${r.message}`);
        }
      }
    });
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses usernames that look like others or hide characters, and a name differing only in case', async () => {
    const problems: string[] = [];
    const op = operations.find((o) => routeOf(o) === 'POST /api/auth/signup')!;
    const taken = ids.participantName;
    await sweep(op, async () => {
      for (const [label, username] of [
        ['Cyrillic а in a Latin name', `\u0430${taken.slice(1)}`],
        ['fullwidth letters', [...taken].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join('')],
        ['zero-width space', `${taken.slice(0, 2)}\u200b${taken.slice(2)}`],
        ['combining accent', `${taken}\u0301`],
        ['Latin alpha ɑ', `\u0251${taken.slice(1)}`],
        ['the same name in capitals', taken.toUpperCase()],
        ['reserved name', 'admin'],
      ]) {
        const r = await send(
          routeOf(op),
          `username: ${label}`,
          'POST',
          '/api/auth/signup',
          {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              email: `${randomBytes(4).toString('hex')}@example.org`,
              username,
              password: 'correct horse battery',
            }),
          },
          fx.anon,
        );
        const expected = label.includes('capitals') ? 409 : 400;
        if (r.status !== expected) {
          problems.push(`${label}: ${r.status} ${r.message}`);
        }
      }
    });
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('keeps HTML and script in every user-written field as text: read back verbatim, as JSON, under a CSP that runs nothing', async () => {
    const payload = (where: string) =>
      `<img src=x onerror="window.__xss='${where}'"><script>window.__xss='${where}'</script>`;
    const organizerOf = owner;
    const author = await fx.user('htm');
    await fx.register(author, ids.competition);
    const writes: [string, () => Promise<{ status: number }>][] = [
      [
        'competition title and description',
        () =>
          organizerOf.json('PATCH', `/api/competitions/${ids.competition}`, {
            title: payload('title'),
            description: payload('description'),
          }),
      ],
      [
        'page title and content',
        () =>
          organizerOf.json('PUT', `/api/competitions/${ids.competition}/pages`, {
            pages: [{ title: payload('page title'), content: payload('page') }],
          }),
      ],
      ['team name', () => author.json('POST', `/api/competitions/${ids.competition}/teams`, { name: payload('team') })],
      ['queue name', () => organizerOf.json('PATCH', `/api/queues/${ids.queue}`, { name: payload('queue') })],
      ['API token name', () => organizerOf.json('POST', '/api/auth/tokens', { name: payload('token') })],
      ['submission description', () => fx.submit(author, ids.phase, { description: payload('submission') })],
    ];
    for (const [what, write] of writes) {
      expect((await write()).status, what).toBeLessThan(300);
    }
    const submission = (await author.json('GET', `/api/phases/${ids.phase}/submissions`)).body.find(
      (x: { description: string }) => x.description === payload('submission'),
    );
    const reads: [string, HttpClient, string, string[]][] = [
      ['competition', author, `/api/competitions/${ids.competition}`, ['title', 'description', 'page title', 'page']],
      ['competition list', fx.anon, '/api/competitions', ['title', 'description']],
      ['team', author, `/api/competitions/${ids.competition}/teams/mine`, ['team']],
      ['queue', organizerOf, `/api/queues/${ids.queue}`, ['queue']],
      ['tokens', organizerOf, '/api/auth/tokens', ['token']],
      ['submission', author, `/api/submissions/${submission.id}`, ['submission']],
    ];
    const problems: string[] = [];
    for (const [what, as, url, expected] of reads) {
      const res = await (as as unknown as { raw(p: string): Promise<Response> }).raw(url);
      const text = await res.text();
      if (res.status !== 200) {
        problems.push(`${what}: ${res.status}`);
      }
      if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) {
        problems.push(`${what}: ${res.headers.get('content-type')}`);
      }
      if (!(res.headers.get('content-security-policy') ?? '').includes('sandbox')) {
        problems.push(`${what}: no sandboxing CSP`);
      }
      if (res.headers.get('x-content-type-options') !== 'nosniff') {
        problems.push(`${what}: no nosniff`);
      }
      // JSON carries the text exactly as written (escaped as JSON, never rewritten or interpreted).
      for (const where of expected) {
        if (!text.includes(JSON.stringify(payload(where)).slice(1, -1))) {
          problems.push(`${what}: ${where} not read back verbatim`);
        }
      }
      outcomes.push({
        route: `GET ${url.replace(/[0-9a-f-]{36}/g, '{id}')}`,
        input: `read back HTML/script in ${expected.join(', ')}`,
        status: res.status,
        message: 'verbatim JSON',
      });
    }
    expect(problems).toEqual([]);
  });

  it("stores a worker's report of a program's output holding NUL instead of failing on it (the program is the participant's)", async () => {
    const route = (r: string) => `worker ${r}`;
    const started = await send(
      route('POST /api/worker/runs/{runId}/start'),
      'workerName with a NUL',
      'POST',
      `/api/worker/runs/${ids.run}/start`,
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: 1, workerName: 'box\u0000one' }),
      },
      worker,
    );
    expect(started.status, started.message).toBe(200);
    const appended = await send(
      route('POST /api/worker/runs/{runId}/logs/{stream}/append'),
      'program output with NUL',
      'POST',
      `/api/worker/runs/${ids.run}/logs/stdout/append`,
      {
        headers: { 'content-type': 'application/octet-stream', 'x-log-offset': '0' },
        body: Buffer.from('step 1\u0000\u0000 done\n'),
      },
      worker,
    );
    expect(appended.status, appended.message).toBe(200);
    const result = {
      version: 1,
      status: 'failed',
      failure: { code: 'program_error', message: 'Traceback: \u0000\u0000 bad bytes' },
      exitCode: 1,
      elapsedMs: 5,
    };
    const reported = await send(
      route('POST /api/worker/runs/{runId}/result'),
      'failure message with NUL',
      'POST',
      `/api/worker/runs/${ids.run}/result`,
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) },
      worker,
    );
    expect(reported.status, reported.message).toBe(200);
    const [run] = await fx.db.query<{ failure_message: string; worker_name: string }>(
      'SELECT failure_message, worker_name FROM runs WHERE id = $1',
      [ids.run],
    );
    expect(run.failure_message).toBe('Traceback: \ufffd\ufffd bad bytes');
    const [chunk] = await fx.db.query<{ data: string }>('SELECT data FROM run_log_chunks WHERE run_id = $1', [ids.run]);
    expect(chunk.data).toBe('step 1   done\n');
  });

  it('prints what each input got', () => {
    const byRoute = new Map<string, Map<number, number>>();
    for (const o of outcomes) {
      const m = byRoute.get(o.route) ?? new Map<number, number>();
      m.set(o.status, (m.get(o.status) ?? 0) + 1);
      byRoute.set(o.route, m);
    }
    const lines = [...byRoute].map(([route, m]) => `${route}: ${[...m].map(([s, n]) => `${n}x${s}`).join(' ')}`);
    console.log(`hostile sweep: ${outcomes.length} requests on ${byRoute.size} endpoints\n${lines.join('\n')}`);
    expect(outcomes.every((o) => o.status < 500)).toBe(true);
  });
});
