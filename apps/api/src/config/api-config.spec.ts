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
    const c = loadApiConfig({
      RATE_LIMIT_WINDOW_SEC: '5',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
      RATE_LIMIT_MAIL_PER_ADDRESS: '0',
    });
    expect(c.rateLimits).toMatchObject({
      windowSec: 5,
      login: { perAccount: 3, perAddress: 100 },
      mail: { perAccount: 5, perAddress: 0 },
    });
    expect(loadApiConfig({}).rateLimits.login).toEqual({ perAccount: 10, perAddress: 100 });
    expect(() => loadApiConfig({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '-1', RATE_LIMIT_WINDOW_SEC: '0' })).toThrow(
      /RATE_LIMIT_WINDOW_SEC[\s\S]*RATE_LIMIT_LOGIN_PER_ACCOUNT|RATE_LIMIT_LOGIN_PER_ACCOUNT[\s\S]*RATE_LIMIT_WINDOW_SEC/,
    );
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

  it.each(['2', 'proxy.example.org', '10.0.0.0/33', '10.0.0.1,', '::1/129'])(
    'refuses TRUST_PROXY=%s, naming it',
    (value) => {
      expect(() => loadApiConfig({ TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY: must be true, false, or comma-separated/,
      );
    },
  );
});

describe('loadApiConfig: company sign-in and organizer rights', () => {
  it('has no identity provider, local passwords and open organizer rights by default', () => {
    expect(loadApiConfig({}).access).toEqual({ oidc: null, passwordLogin: true, organizerRights: 'everyone' });
  });

  it('reads the provider, with its redirect URI under PUBLIC_URL; http only on loopback', () => {
    const c = loadApiConfig({
      OIDC_ISSUER: 'https://sso.example.org/realms/x',
      OIDC_CLIENT_ID: 'arena',
      PUBLIC_URL: 'https://arena.example.org/',
    });
    expect(c.access.oidc).toMatchObject({
      issuer: 'https://sso.example.org/realms/x',
      clientId: 'arena',
      scopes: 'openid email profile',
      groupsClaim: 'groups',
      createAccounts: true,
      redirectUri: 'https://arena.example.org/api/auth/oidc/callback',
      allowHttp: false,
    });
    expect(loadApiConfig({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'a' }).access.oidc?.allowHttp).toBe(
      true,
    );
    expect(() => loadApiConfig({ OIDC_ISSUER: 'http://sso.example.org', OIDC_CLIENT_ID: 'a' })).toThrow(
      /OIDC_ISSUER: must be https/,
    );
  });

  it('names what is missing or contradictory', () => {
    expect(() => loadApiConfig({ OIDC_ISSUER: 'https://sso.example.org' })).toThrow(/OIDC_CLIENT_ID: required/);
    expect(() => loadApiConfig({ PASSWORD_LOGIN: 'false' })).toThrow(/PASSWORD_LOGIN: false needs OIDC_ISSUER/);
    expect(() => loadApiConfig({ ORGANIZER_RIGHTS: 'some' })).toThrow(/ORGANIZER_RIGHTS/);
    expect(() =>
      loadApiConfig({ OIDC_ISSUER: 'https://s.example.org', OIDC_CLIENT_ID: 'a', OIDC_SCOPES: 'email' }),
    ).toThrow(/OIDC_SCOPES: must include openid/);
  });

  it('reads the log format and the metrics listener (off unless given a port)', () => {
    expect(loadApiConfig({}).observability).toEqual({ logFormat: 'text', metrics: null });
    expect(
      loadApiConfig({ LOG_FORMAT: 'json', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 't' })
        .observability,
    ).toEqual({
      logFormat: 'json',
      metrics: { port: 9464, host: '0.0.0.0', token: 't' },
    });
    expect(() => loadApiConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadApiConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
