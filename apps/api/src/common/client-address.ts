import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The client's network address as rate limits count it: Fastify's `request.ip`, which follows X-Forwarded-For only
 * through the proxies TRUST_PROXY names (otherwise anyone could claim any address). IPv4-mapped IPv6 is the IPv4
 * address; other IPv6 addresses count by their /64, since one host commonly holds a whole /64.
 */
export const ClientAddress = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  addressKey(ctx.switchToHttp().getRequest<FastifyRequest>().ip),
);

export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) {
    return mapped[1];
  }
  if (!ip.includes(':')) {
    return ip;
  }
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head, tail] = ip.split('%')[0].split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => (parseInt(g, 16) || 0).toString(16));
}
