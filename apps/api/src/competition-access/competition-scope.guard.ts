import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import type { ScopeKind } from './competition-access.repository';
import { CompetitionAccess } from './competition-access.service';
import { presentedKeys } from './visibility-rules';

/** The path parameter a route is scoped by, and what it names. */
export interface RouteScope {
  kind: ScopeKind;
  param: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a route's path says it is under, from the parameters' names: `competitionId` (or `:id` right under
 * `competitions/`), `phaseId`, `:id` right under `submissions/`, `teamId`. Routes under none (accounts, queues, uploads,
 * the worker's routes) are not scoped. Deriving it from the path means a new route is covered without declaring it.
 */
export function scopeOfPath(path: string): RouteScope | null {
  const p = `/${path}/`.replace(/\/+/g, '/');
  if (p.startsWith('/worker/')) {
    return null;
  }
  if (p.includes(':competitionId/')) {
    return { kind: 'competition', param: 'competitionId' };
  }
  if (p.startsWith('/competitions/:id/')) {
    return { kind: 'competition', param: 'id' };
  }
  if (p.includes(':phaseId/')) {
    return { kind: 'phase', param: 'phaseId' };
  }
  if (p.startsWith('/submissions/:id/')) {
    return { kind: 'submission', param: 'id' };
  }
  if (p.includes(':teamId/')) {
    return { kind: 'team', param: 'teamId' };
  }
  return null;
}

export const ARCHIVE_EXEMPT = 'arena:archive-exempt';
/** A write that stays open on an archived competition: unarchiving, deleting it, its visibility. */
export const AllowedWhenArchived = () => SetMetadata(ARCHIVE_EXEMPT, true);

/**
 * Runs after the AccessGuard (which identifies the caller) on every route: a competition the caller may not read is
 * absent, with the same 404 as one that does not exist, whatever is asked under it (pages, boards, submissions,
 * files, results, exports); an archived one refuses every write (409) but the few that manage it.
 */
@Injectable()
export class CompetitionScopeGuard implements CanActivate {
  private readonly scopes = new WeakMap<object, RouteScope | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly access: CompetitionAccess,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') {
      return true;
    }
    const scope = this.scopeOf(ctx);
    if (!scope) {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<{
      params: Record<string, string>;
      headers: Record<string, unknown>;
      method: string;
      user?: AuthUser | null;
    }>();
    const id = req.params?.[scope.param];
    // A malformed id is the route's own 400 (ParseUUIDPipe).
    if (!id || !UUID.test(id)) {
      return true;
    }
    const state = await this.access.stateOf(scope.kind, id);
    if (!state) {
      return true;
    }
    if (!(await this.access.mayRead(state, req.user, presentedKeys(req.headers['x-competition-key'])))) {
      throw notFound(`${scope.kind} ${id}`);
    }
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    if (
      write &&
      state.archivedAt &&
      !this.reflector.getAllAndOverride<boolean>(ARCHIVE_EXEMPT, [ctx.getHandler(), ctx.getClass()])
    ) {
      throw new DomainError(
        'conflict',
        `competition ${state.id} is archived: it is read-only until an organizer unarchives it`,
      );
    }
    return true;
  }

  private scopeOf(ctx: ExecutionContext): RouteScope | null {
    const handler = ctx.getHandler();
    let scope = this.scopes.get(handler);
    if (scope === undefined) {
      const base = String(Reflect.getMetadata(PATH_METADATA, ctx.getClass()) ?? '');
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      scope = scopeOfPath([base, sub].filter((x) => x && x !== '/').join('/'));
      this.scopes.set(handler, scope);
    }
    return scope;
  }
}
