import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMetrics, type MetricsEndpoint } from './metrics-endpoint';

describe('serveMetrics', () => {
  const registry = new Registry();
  const counter = new Counter({ name: 'test_things_total', help: 'things', registers: [registry] });
  let open: MetricsEndpoint;
  let guarded: MetricsEndpoint;

  beforeAll(async () => {
    open = await serveMetrics({ registry, port: 0, host: '127.0.0.1' });
    guarded = await serveMetrics({ registry, port: 0, host: '127.0.0.1', token: 's3cret' });
  });
  afterAll(async () => {
    await open.close();
    await guarded.close();
  });

  it('serves the registry in the text format', async () => {
    counter.inc(3);
    const res = await fetch(`http://127.0.0.1:${open.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('test_things_total 3');
  });

  it('serves nothing else', async () => {
    expect((await fetch(`http://127.0.0.1:${open.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${open.port}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('asks for the token when one is set', async () => {
    const url = `http://127.0.0.1:${guarded.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('test_things_total');
  });
});
