import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';

describe('security headers on API answers', () => {
  let fx: ArenaFixture;
  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });
  afterAll(() => fx?.stop());

  it.each([
    ['a JSON answer', '/api/health', 200],
    ['an error', '/api/competitions/not-a-uuid', 400],
    ['an unknown route', '/api/nothing-here', 404],
  ])('%s carries Helmet’s headers and a CSP that lets nothing run', async (_, path, status) => {
    const res = await fx.anon.raw(path);
    expect(res.status).toBe(status);
    const h = res.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox",
    );
    expect(h.get('x-powered-by')).toBeNull();
  });

  it('Swagger UI keeps a policy its own scripts run under (scripts from the origin only)', async () => {
    const res = await fx.anon.raw('/api/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
