import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsModule } from '../../src/accounts/accounts.module';
import { OrganizersModule } from '../../src/organizers/organizers.module';
import { ParticipantsModule } from '../../src/participants/participants.module';
import { SubmissionsModule } from '../../src/submissions/submissions.module';
import { TeamsModule } from '../../src/teams/teams.module';
import { ArenaFixture } from '../support/arena-fixture';

type Doc = ReturnType<typeof SwaggerModule.createDocument>;

/** The OpenAPI description of the accounts, organizers, participation, teams and submissions routes. */
describe('OpenAPI document of the access, limits and teams routes', () => {
  let fx: ArenaFixture;
  let doc: Doc;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    const config = new DocumentBuilder().addBearerAuth({ type: 'http', scheme: 'bearer' }, 'user').build();
    doc = SwaggerModule.createDocument(fx.api.app, config, {
      include: [AccountsModule, OrganizersModule, ParticipantsModule, SubmissionsModule, TeamsModule],
    });
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('declares auth, request and response schemas and errors on every route', () => {
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(
        methods as Record<string, { security?: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>,
      )) {
        const name = `${method.toUpperCase()} ${path}`;
        const codes = Object.keys(op.responses);
        if (!codes.some((c) => c.startsWith('2'))) {
          problems.push(`${name}: no success response`);
        }
        if (op.security?.length && !codes.includes('401')) {
          problems.push(`${name}: no 401`);
        }
        if (
          ['post', 'put', 'patch'].includes(method) &&
          path.includes('{') &&
          !op.requestBody &&
          !/logout|accept|approve|deny|resend|robot|\{decision\}/.test(path)
        ) {
          // Only actions without input may omit a body.
          problems.push(`${name}: no request body`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes tokens, limits refusals and the Idempotency-Key', () => {
    const create = doc.paths['/api/auth/tokens'].post!;
    expect(create.security).toEqual([{ user: [] }]);
    expect(JSON.stringify(create.responses['201'])).toContain('CreatedApiTokenDto');
    const submit = doc.paths['/api/phases/{phaseId}/submissions'].post!;
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '429']));
    expect(submit.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(doc.components?.schemas?.LimitRefusalDto).toBeDefined();
    expect(doc.paths['/api/auth/password-reset'].post!.security).toBeUndefined();
  });
});
