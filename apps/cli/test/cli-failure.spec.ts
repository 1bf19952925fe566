import { describe, expect, it } from 'vitest';
import { call, sessionFor } from '../src/api/arena-api';
import { failureOf } from '../src/api/cli-failure';
import { ExitCode } from '../src/cli-io';

const base = 'http://arena.test';

describe('failureOf: every refusal the API gives has its own message and exit status', () => {
  it.each([
    [400, { statusCode: 400, code: 'bad_request', message: 'not a zip' }, ExitCode.invalid, 'refused: not a zip'],
    [
      400,
      { message: ['name must be a string', 'name should not be empty'] },
      ExitCode.invalid,
      'refused: name must be a string; name should not be empty',
    ],
    [
      401,
      { statusCode: 401, code: 'unauthenticated', message: 'no token' },
      ExitCode.auth,
      'http://arena.test refused the token (401): run arena login',
    ],
    [
      403,
      { statusCode: 403, code: 'forbidden', message: 'register first' },
      ExitCode.forbidden,
      'not allowed (403): register first',
    ],
    [
      404,
      { statusCode: 404, code: 'not_found', message: 'phase x not found' },
      ExitCode.notFound,
      'not found (404): phase x not found',
    ],
    [
      409,
      { statusCode: 409, code: 'conflict', message: 'the phase is not open' },
      ExitCode.conflict,
      'conflict (409): the phase is not open',
    ],
    [
      409,
      { message: 'parts missing', details: { missing: [2, 5] } },
      ExitCode.conflict,
      'conflict (409): parts missing (missing parts: 2, 5)',
    ],
    [
      413,
      { statusCode: 413, code: 'payload_too_large', message: 'over quota' },
      ExitCode.tooLarge,
      'too large (413): over quota',
    ],
    [
      429,
      {
        statusCode: 429,
        code: 'rate_limited',
        message: '5 per day',
        details: { limit: 'per_day', resetsAt: '2026-01-01T11:00:00.000Z' },
      },
      ExitCode.rateLimited,
      'limit reached (429): 5 per day; resets at 2026-01-01T11:00:00.000Z',
    ],
    [422, { message: 'odd' }, ExitCode.refused, 'refused (422): odd'],
    [
      503,
      { statusCode: 503, code: 'unavailable', message: 'broker down' },
      ExitCode.unavailable,
      'the server failed (503): broker down',
    ],
    [502, '<html>bad gateway</html>', ExitCode.unavailable, 'the server failed (502): <html>bad gateway</html>'],
  ])('%i %j', (status, body, exitCode, message) => {
    const f = failureOf(status, body, base);
    expect(f.exitCode).toBe(exitCode);
    expect(f.message).toContain(message);
  });

  it('uses Retry-After for a total limit with no reset time', () => {
    expect(failureOf(429, { message: 'limit' }, base, '30').message).toBe(
      'limit reached (429): limit; retry after 30 s',
    );
  });

  it('prints each bundle problem with its file, YAML path and line, in the validator format', () => {
    const f = failureOf(
      400,
      {
        statusCode: 400,
        code: 'invalid_bundle',
        message: 'invalid bundle',
        details: {
          problems: [
            {
              severity: 'error',
              file: 'competition.yaml',
              path: 'phases[0].tasks[0]',
              line: 12,
              message: 'task index 3 does not exist',
            },
            { file: 'competition.yaml', path: '', line: null, message: 'title is missing' },
          ],
        },
      },
      base,
    );
    expect(f.exitCode).toBe(ExitCode.invalid);
    expect(f.message).toBe('refused: 2 problem(s)');
    expect(f.lines).toEqual([
      'competition.yaml: phases[0].tasks[0]: task index 3 does not exist (line 12)',
      'competition.yaml: title is missing',
    ]);
  });

  it('gives distinct exit statuses to distinct refusals', () => {
    const codes = [400, 401, 403, 404, 409, 413, 429, 418, 500].map((s) => failureOf(s, {}, base).exitCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('call: the typed client with refusals turned into CliFailure', () => {
  const session = (fetchImpl: typeof fetch) => sessionFor({ url: 'http://arena.test/', token: 't0k' }, fetchImpl);

  it('sends the token and returns the data', async () => {
    let auth: string | null = null;
    const s = session(async (input) => {
      auth = (input as Request).headers.get('authorization');
      return Response.json({ id: 'u', username: 'ada', isAdmin: false });
    });
    await expect(call(s, () => s.client.GET('/api/auth/me'))).resolves.toMatchObject({ username: 'ada' });
    expect(auth).toBe('Bearer t0k');
  });

  it('maps an error body to its exit status', async () => {
    const s = session(async () =>
      Response.json({ statusCode: 409, code: 'conflict', message: 'a competition still uses it' }, { status: 409 }),
    );
    await expect(
      call(s, () => s.client.DELETE('/api/queues/{id}', { params: { path: { id: 'q' } } })),
    ).rejects.toMatchObject({
      exitCode: ExitCode.conflict,
      message: 'conflict (409): a competition still uses it',
    });
  });

  it('says the server cannot be reached when fetch fails', async () => {
    const s = session(async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    });
    await expect(call(s, () => s.client.GET('/api/auth/me'))).rejects.toMatchObject({
      exitCode: ExitCode.unavailable,
      message: 'cannot reach http://arena.test (connect ECONNREFUSED 127.0.0.1:9)',
    });
  });
});
