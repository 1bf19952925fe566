// What the backup and restore commands act on: the platform as the API sees it, read from the same variables with the
// same defaults (apps/api/src/config/api-config.ts). backup.sh and restore.sh load .env first, as run-platform.sh does.

/** @returns {{ databaseUrl: string, storage: { kind: 'local', dir: string } | { kind: 's3', s3: object }, rabbitMgmtUrl: string }} */
export function platformSettings(env = process.env) {
  const get = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : env[name]);
  const useS3 = Boolean(get('S3_ENDPOINT') || get('S3_BUCKET'));
  if (useS3 && !get('S3_BUCKET')) throw new Error('S3_BUCKET is required when S3_ENDPOINT is set');
  return {
    databaseUrl: get('DATABASE_URL', 'postgresql://arena:arena@127.0.0.1:5432/arena'),
    storage: useS3
      ? {
          kind: 's3',
          s3: {
            endpoint: get('S3_ENDPOINT'),
            bucket: get('S3_BUCKET'),
            region: get('S3_REGION', 'us-east-1'),
            accessKeyId: get('S3_ACCESS_KEY_ID'),
            secretAccessKey: get('S3_SECRET_ACCESS_KEY'),
            forcePathStyle: get('S3_FORCE_PATH_STYLE', 'true') === 'true',
          },
        }
      : { kind: 'local', dir: get('STORAGE_DIR', '.arena/storage') },
    rabbitMgmtUrl: get('RABBITMQ_MGMT_URL', 'http://admin:admin@127.0.0.1:15672'),
  };
}

/** A URL as it may be printed: without its password. */
export function redacted(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** The storage as it may be printed. */
export function describeStorage(storage) {
  return storage.kind === 'local'
    ? `folder ${storage.dir}`
    : `S3 bucket ${storage.s3.bucket}${storage.s3.endpoint ? ` at ${storage.s3.endpoint}` : ''}`;
}
