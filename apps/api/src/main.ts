import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadApiConfig } from './config/api-config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadApiConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp(config);
  // Every interface, IPv6 and IPv4, as Express did (Fastify alone would take only 127.0.0.1): workers and the web
  // reach the API from other hosts and containers.
  await app.listen(config.port, '::');
  new Logger('Arena').log(`API listening on http://127.0.0.1:${config.port} (Swagger UI at /api/docs)`);
}

void bootstrap();
