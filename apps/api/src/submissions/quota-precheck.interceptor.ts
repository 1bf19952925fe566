import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import type { AuthUser } from '@api/common/auth.decorators';
import { StorageQuotaService } from './storage-quota.service';

/**
 * Runs before the upload interceptor: a request whose Content-Length cannot fit in the caller's quota is refused
 * with 413 before a byte is written. Without a Content-Length (chunked), the service checks the written size.
 */
@Injectable()
export class QuotaPrecheckInterceptor implements NestInterceptor {
  constructor(private readonly quota: StorageQuotaService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: { phaseId?: string } }> & { user?: AuthUser }>();
    const length = Number(req.headers['content-length']);
    const phaseId = req.params.phaseId;
    // A retry with an Idempotency-Key may name a submission already stored: the service answers it.
    if (
      !req.user ||
      !Number.isFinite(length) ||
      !phaseId ||
      req.headers['idempotency-key'] ||
      !/^[0-9a-f-]{36}$/i.test(String(phaseId))
    ) {
      return next.handle();
    }
    return from(this.quota.precheck(req.user, String(phaseId), length)).pipe(switchMap(() => next.handle()));
  }
}
