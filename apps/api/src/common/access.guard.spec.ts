import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { AccountsService } from '@api/accounts/accounts.service';
import type { RunTokensService } from '@api/runs/run-tokens.service';
import { AccessGuard } from './access.guard';
import { ACCESS_KEY, type Access, IDENTITY_CACHE_KEY } from './auth.decorators';

function context(
  access: Access | undefined,
  headers: Record<string, string> = {},
  params: Record<string, string> = {},
  cachedIdentity = false,
) {
  const req: Record<string, unknown> = { headers, params };
  const ctx = {
    getHandler: () => () => undefined,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  const metadata: Record<string, unknown> = { [ACCESS_KEY]: access, [IDENTITY_CACHE_KEY]: cachedIdentity || undefined };
  const reflector = { getAllAndOverride: (key: string) => metadata[key] } as unknown as Reflector;
  return { ctx, req, reflector };
}

const accounts = {
  userForToken: async (t: string) => (t === 'good' ? { id: 'u1', username: 'ada', isAdmin: false } : null),
  cachedUserForToken: async (t: string) =>
    t === 'good' ? { id: 'u1', username: 'ada (cached)', isAdmin: false } : null,
} as AccountsService;
const runTokens = {
  runForToken: async (t: string, runId?: string) => (t === 'job' && runId === 'r1' ? { runId: 'r1' } : null),
} as RunTokensService;

describe('AccessGuard', () => {
  it('refuses a route that declares no access rule, even with a valid token', async () => {
    const { ctx, reflector } = context(undefined, { authorization: 'Bearer good' });
    await expect(new AccessGuard(reflector, accounts, runTokens).canActivate(ctx)).rejects.toThrow(
      /declares no access rule/,
    );
  });

  it('lets anyone call a public route and attaches the user when a token is given', async () => {
    const { ctx, req, reflector } = context('public', { authorization: 'Bearer good' });
    await expect(new AccessGuard(reflector, accounts, runTokens).canActivate(ctx)).resolves.toBe(true);
    expect(req.user).toMatchObject({ username: 'ada' });
  });

  it.each([[{}], [{ authorization: 'Bearer bad' }], [{ authorization: 'Basic good' }]])(
    'refuses %j on a user route',
    async (headers) => {
      const { ctx, reflector } = context('user', headers);
      await expect(new AccessGuard(reflector, accounts, runTokens).canActivate(ctx)).rejects.toThrow(
        /bearer token is required/,
      );
    },
  );

  it('accepts a job token only on its own run', async () => {
    const own = context('worker-run', { authorization: 'Bearer job' }, { runId: 'r1' });
    await expect(new AccessGuard(own.reflector, accounts, runTokens).canActivate(own.ctx)).resolves.toBe(true);
    const other = context('worker-run', { authorization: 'Bearer job' }, { runId: 'r2' });
    await expect(new AccessGuard(other.reflector, accounts, runTokens).canActivate(other.ctx)).rejects.toThrow(
      /job token/,
    );
    const session = context('worker-run', { authorization: 'Bearer good' }, { runId: 'r1' });
    await expect(new AccessGuard(session.reflector, accounts, runTokens).canActivate(session.ctx)).rejects.toThrow(
      /job token/,
    );
  });

  it('resolves the token through the cache of identities only on routes marked @CachedIdentity()', async () => {
    const cached = context('user', { authorization: 'Bearer good' }, {}, true);
    await new AccessGuard(cached.reflector, accounts, runTokens).canActivate(cached.ctx);
    expect(cached.req.user).toMatchObject({ username: 'ada (cached)' });
    const fresh = context('user', { authorization: 'Bearer good' });
    await new AccessGuard(fresh.reflector, accounts, runTokens).canActivate(fresh.ctx);
    expect(fresh.req.user).toMatchObject({ username: 'ada' });
    const refused = context('user', { authorization: 'Bearer bad' }, {}, true);
    await expect(new AccessGuard(refused.reflector, accounts, runTokens).canActivate(refused.ctx)).rejects.toThrow(
      /bearer token/,
    );
  });
});
