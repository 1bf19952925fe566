import 'reflect-metadata';
import { createServer } from 'node:net';
import { Logger, type LogLevel } from '@nestjs/common';
import { JsonLogger } from './common/json-logger';
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
  if (config.observability.logFormat === 'json') {
    logWarningsAsJson(new JsonLogger(config.logLevel as LogLevel));
  }
  const app = await createApp(config);
  // Every interface, as Node's own default (which Express used) does: IPv6 and IPv4 where the host has IPv6, else
  // IPv4 (a container without IPv6). Fastify alone would listen on localhost: workers and browsers reach the API from
  // other hosts and containers.
  await app.listen(config.port, (await ipv6Available()) ? '::' : '0.0.0.0');
  new Logger('Arena').log(`API listening on http://127.0.0.1:${config.port} (Swagger UI at /api/docs)`);
}

/**
 * Node's process warnings (a deprecation, the AWS SDK's Node version notice) go through the logger instead of Node's own
 * text on stderr, so that every line the API writes is JSON. Installed before any await: warnings emitted while the
 * modules loaded are delivered on a later tick.
 */
function logWarningsAsJson(logger: JsonLogger): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => logger.warn(`${w.name}: ${w.message}`, 'Node'));
}

function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, '::', () => probe.close(() => resolve(true)));
  });
}

void bootstrap();
