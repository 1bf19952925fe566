import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { loadApiConfig } from '../../src/config/api-config';
import { createApp } from '../../src/create-app';
import { TEST_ENV, TEST_RATE_LIMITS } from './test-env';

export interface TestApi {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

/**
 * The real application on a random port, with the given environment on top of the test services; `host` is the
 * address it listens on (another than 127.0.0.1 where workers in other network namespaces must reach it).
 */
export async function startTestApi(env: Record<string, string>, host = '127.0.0.1'): Promise<TestApi> {
  const config = loadApiConfig({ AMQP_URL: TEST_ENV.amqpUrl, LOG_LEVEL: 'warn', ...TEST_RATE_LIMITS, ...env });
  const app = await createApp(config);
  // A fixed PORT where the test needs to know its address before it starts (an OIDC redirect URI in PUBLIC_URL).
  await app.listen(env.PORT ? Number(env.PORT) : 0, host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}
