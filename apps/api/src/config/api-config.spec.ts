import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config';

describe('loadApiConfig', () => {
  it('uses embedded defaults: local storage, local services', () => {
    const c = loadApiConfig({});
    expect(c.port).toBe(3000);
    expect(c.storage).toEqual({ kind: 'local', dir: '.arena/storage' });
    expect(c.jobQueue).toBe('arena.jobs');
  });

  it('switches to S3 when a bucket is set', () => {
    const c = loadApiConfig({ S3_ENDPOINT: 'http://127.0.0.1:7480', S3_BUCKET: 'b' });
    expect(c.storage).toMatchObject({ kind: 's3', s3: { bucket: 'b', forcePathStyle: true } });
  });

  it('names every bad variable at once', () => {
    expect(() => loadApiConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RUN_CPUS: 'many' })).toThrow(
      /PORT[\s\S]*DATABASE_URL must be a postgresql:\/\/ URL[\s\S]*RUN_CPUS/,
    );
  });

  it('requires a bucket with an S3 endpoint', () => {
    expect(() => loadApiConfig({ S3_ENDPOINT: 'http://127.0.0.1:7480' })).toThrow(/S3_BUCKET/);
  });

  it('reads the credential rate limits and their window', () => {
    const c = loadApiConfig({ RATE_LIMIT_WINDOW_SEC: '5', RATE_LIMIT_LOGIN_PER_ACCOUNT: '3', RATE_LIMIT_MAIL_PER_ADDRESS: '0' });
    expect(c.rateLimits).toMatchObject({ windowSec: 5, login: { perAccount: 3, perAddress: 100 }, mail: { perAccount: 5, perAddress: 0 } });
    expect(loadApiConfig({}).rateLimits.login).toEqual({ perAccount: 10, perAddress: 100 });
    expect(() => loadApiConfig({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '-1', RATE_LIMIT_WINDOW_SEC: '0' })).toThrow(/RATE_LIMIT_WINDOW_SEC[\s\S]*RATE_LIMIT_LOGIN_PER_ACCOUNT|RATE_LIMIT_LOGIN_PER_ACCOUNT[\s\S]*RATE_LIMIT_WINDOW_SEC/);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['10.0.0.1', ['10.0.0.1']],
    ['127.0.0.1/32, ::1, 10.0.0.0/8', ['127.0.0.1/32', '::1', '10.0.0.0/8']],
  ])('TRUST_PROXY=%s trusts %j', (value, trust) => {
    expect(loadApiConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trust);
  });

  it.each(['2', 'proxy.example.org', '10.0.0.0/33', '10.0.0.1,', '::1/129'])('refuses TRUST_PROXY=%s, naming it', (value) => {
    expect(() => loadApiConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be true, false, or comma-separated/);
  });
});
