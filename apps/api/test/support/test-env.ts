/**
 * The real services the tests use, as `deploy/` starts them. Override with the same variables the apps read.
 */
export const TEST_ENV = {
  adminDatabaseUrl: process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://arena:arena@127.0.0.1:5432/postgres',
  amqpUrl: process.env.AMQP_URL ?? 'amqp://admin:admin@127.0.0.1:5672',
  rabbitMgmtUrl: process.env.RABBITMQ_MGMT_URL ?? 'http://admin:admin@127.0.0.1:15672',
  s3: {
    endpoint: process.env.TEST_S3_ENDPOINT ?? 'http://127.0.0.1:7480',
    accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? 'arenaaccesskey',
    secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? 'arenasecretkey123',
  },
  /** Local image the example bundle's codalab image is mapped to. */
  scoringImage: process.env.TEST_SCORING_IMAGE ?? 'arena/python:3.11',
  /** The default scoring image (deploy/build-python-images.sh), the stand-in for codalab/codalab-legacy:py3x. */
  defaultImage: process.env.TEST_DEFAULT_IMAGE ?? 'arena/codalab-legacy:py3',
};

/**
 * Every test file signs its users up, logs them in and makes tokens from 127.0.0.1, far beyond what one client
 * address may do in production: the per-address limits are off unless a test sets them (the per-account ones stay).
 */
export const TEST_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_LOGIN_PER_ADDRESS: '0',
  RATE_LIMIT_MAIL_PER_ADDRESS: '0',
  RATE_LIMIT_LINK_PER_ADDRESS: '0',
  RATE_LIMIT_TOKEN_PER_ADDRESS: '0',
};

export function databaseUrl(name: string): string {
  const u = new URL(TEST_ENV.adminDatabaseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
