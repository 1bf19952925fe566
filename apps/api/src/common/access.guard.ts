import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccountsService } from '@api/accounts/accounts.service';
import { RunTokensService } from '@api/runs/run-tokens.service';
import { ACCESS_KEY, type Access, type AuthUser, IDENTITY_CACHE_KEY } from './auth.decorators';
import { DomainError } from './domain.error';

function bearer(header: unknown): string | null {
  if (typeof header !== 'string') {
    return null;
  }
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1] : null;
}

/** Fails closed: a route that declares no access is refused for everyone. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly runTokens: RunTokensService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets);
    const req = ctx.switchToHttp().getRequest();
    const token = bearer(req.headers.authorization);
    const identify = (t: string): Promise<AuthUser | null> =>
      this.reflector.getAllAndOverride<boolean | undefined>(IDENTITY_CACHE_KEY, targets)
        ? this.accounts.cachedUserForToken(t)
        : this.accounts.userForToken(t);
    switch (access) {
      case 'public':
        if (token) {
          req.user = await identify(token);
        }
        return true;
      case 'user': {
        const user = token ? await identify(token) : null;
        if (!user) {
          throw new DomainError('unauthenticated', 'a valid bearer token is required (POST /api/auth/login)');
        }
        req.user = user;
        return true;
      }
      case 'worker-run': {
        const run = token ? await this.runTokens.runForToken(token, req.params.runId) : null;
        if (!run) {
          throw new DomainError('unauthenticated', 'a valid job token for this run is required');
        }
        req.run = run;
        return true;
      }
      case undefined:
        throw new DomainError('forbidden', 'this route declares no access rule');
    }
  }
}
