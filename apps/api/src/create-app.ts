import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import multipart from '@fastify/multipart';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { JsonLogger } from './common/json-logger';
import { QueryValidationPipe } from './common/query-validation.pipe';
import { strictJsonParser } from './common/json-body';
import { secureHeaders } from './common/security-headers';
import type { ApiConfig } from './config/api-config';
import { serveDocs } from './docs-site';
import { ApiMetrics } from './metrics/api-metrics';
import { serveWebApp } from './web-app';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions {
  preview?: boolean;
  /** The built web app (index.html + assets); default: the `web` folder beside the API's dist folder. */
  webRoot?: string;
  /** The built documentation site; default: dist/docs, two levels above the API's entry file. */
  docsRoot?: string;
}

/** JSON bodies (the API's requests, a worker's result) are small: 100 KiB, as before on Express. */
const JSON_BODY_LIMIT = 100 * 1024;

/**
 * Builds the application exactly as production runs it; tests call this too. Fastify rather than Express: on this
 * 2-core machine Express alone serves a cached 28 KB leaderboard page at ~8k requests per second with a p99 of
 * 16-60 ms at 50 clients, Fastify the same page at ~40-50k with a p99 of 2-6 ms (bench/, issue 7).
 */
export async function createApp(config: ApiConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  // `/api/x/` is `/api/x`, as Express routes it.
  // trustProxy: request.ip follows X-Forwarded-For only through the proxies TRUST_PROXY names (rate limits per address).
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: config.trustProxy,
  });
  acceptRawBodies(adapter);
  await secureHeaders(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger:
      config.observability.logFormat === 'json'
        ? new JsonLogger(config.logLevel as LogLevel)
        : LEVELS.slice(0, LEVELS.indexOf(config.logLevel as LogLevel) + 1),
    // Preview builds the module graph without instantiating providers (no database, no broker): enough for the
    // OpenAPI document that emit-openapi.ts writes.
    preview: options.preview,
  });
  if (!options.preview) {
    countRequests(adapter, app.get(ApiMetrics));
  }
  app.useBodyParser('application/json', { bodyLimit: JSON_BODY_LIMIT }, strictJsonParser(adapter.getInstance()));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new QueryValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  // dist/apps/api/main.js serves dist/apps/web; skipped when the web app was not built (and in preview). From the
  // entry file, not __dirname: the bundler puts this module in a chunk under dist/apps/api/assets/.
  const webRoot = options.webRoot ?? join(dirname(require.main?.filename ?? __dirname), '..', 'web');
  if (!options.preview && existsSync(join(webRoot, 'index.html'))) {
    serveWebApp(app, webRoot);
  }
  // dist/docs (`npx nx run docs:build`), beside dist/apps; skipped when the docs were not built.
  const docsRoot = options.docsRoot ?? join(dirname(require.main?.filename ?? __dirname), '..', '..', 'docs');
  if (!options.preview && existsSync(join(docsRoot, 'index.html'))) {
    serveDocs(app, docsRoot);
  }
  return app;
}

/**
 * Every answer into the request histogram, labelled by the route's template (`/api/phases/:phaseId/leaderboard`), never
 * the raw URL: ids would make a series per submission. Requests no route matched share `unmatched`.
 */
function countRequests(adapter: FastifyAdapter, metrics: ApiMetrics): void {
  adapter.getInstance().addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpSeconds.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/**
 * Bodies other than JSON and multipart reach handlers unread, as the request stream: uploaded parts, a worker's
 * output and logs, YAML text. Each handler reads it with its own cap (JSON keeps Fastify's parser and limit; multipart
 * is read by UploadInterceptor).
 */
function acceptRawBodies(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  void fastify.register(multipart);
}

/** The OpenAPI document of the API; committed as libs/api-client/openapi.json, from which the typed client is generated. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Arena API')
    .setDescription('Competitions, bundles, submissions, leaderboards, and the compute-worker protocol.')
    .setVersion('0.1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Session or API token (POST /api/auth/login)' },
      'user',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Job token of one run (workers only)' }, 'job')
    .build();
  return SwaggerModule.createDocument(app, doc);
}
