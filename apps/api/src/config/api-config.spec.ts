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
});
