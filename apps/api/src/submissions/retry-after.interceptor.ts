import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { Clock } from '@api/clock/clock';
import { DomainError } from '@api/common/domain.error';

/**
 * Adds Retry-After (seconds, RFC 9110) to a 429 whose limit resets by the clock; a total limit never resets,
 * so it gets none. The header is set before the global filter writes the body.
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  constructor(private readonly clock: Clock) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        const resetsAt =
          e instanceof DomainError && e.code === 'rate_limited'
            ? (e.details as { resetsAt?: unknown })?.resetsAt
            : null;
        if (typeof resetsAt === 'string') {
          const seconds = Math.max(1, Math.ceil((Date.parse(resetsAt) - this.clock.now().getTime()) / 1000));
          void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(seconds));
        }
        return throwError(() => e);
      }),
    );
  }
}
