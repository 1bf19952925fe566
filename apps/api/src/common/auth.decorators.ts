import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** Who may call a route. Every route must declare one: the global guard refuses routes that declare none. */
export type Access = 'public' | 'user' | 'worker-run';
export const ACCESS_KEY = 'arena:access';

export interface AuthUser {
  id: string;
  username: string;
  isAdmin: boolean;
}

/** The run a job token authorizes; a token is valid for that run only. */
export interface AuthRun {
  runId: string;
}

export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);

export const Authenticated = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'user' satisfies Access),
    ApiBearerAuth('user'),
    ApiUnauthorizedResponse({ description: 'No valid session or API token' }),
  );

export const WorkerRunAuth = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'worker-run' satisfies Access),
    ApiBearerAuth('job'),
    ApiUnauthorizedResponse({ description: 'No valid job token for this run' }),
  );

export const IDENTITY_CACHE_KEY = 'arena:identity-cache';

/**
 * The caller's token may be resolved from this process's cache of identities (kept until a change to tokens or users
 * is announced, refreshed ahead about once a minute; read at most CACHE_TTL_MS, 1 s, ago while announcements are
 * lost), instead of from the database on each request. Only for reads
 * polled often where an identity changed elsewhere a moment ago can do no harm: leaderboards, whose board settings and
 * roles are cached for as long. A token revoked, or an admin flag changed, by any API process or directly in SQL is
 * refused as soon as the database announces the change (CacheCoherence), and within CACHE_TTL_MS (1 s) while those
 * announcements are lost. Every other route reads the token fresh.
 */
export const CachedIdentity = () => SetMetadata(IDENTITY_CACHE_KEY, true);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

export const CurrentRun = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthRun => ctx.switchToHttp().getRequest().run,
);
