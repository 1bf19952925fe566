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

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

export const CurrentRun = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthRun => ctx.switchToHttp().getRequest().run,
);
