import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type INestApplication, type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { ApiConfig } from './config/api-config';
import { serveWebApp } from './web-app';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions {
  preview?: boolean;
  /** The built web app (index.html + assets); default: the `web` folder beside the API's dist folder. */
  webRoot?: string;
}

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(config: ApiConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel as LogLevel) + 1),
    // Preview builds the module graph without instantiating providers (no database, no broker): enough for the
    // OpenAPI document that emit-openapi.ts writes.
    preview: options.preview,
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  // dist/apps/api/main.js serves dist/apps/web; skipped when the web app was not built (and in preview). From the
  // entry file, not __dirname: the bundler puts this module in a chunk under dist/apps/api/assets/.
  const webRoot = options.webRoot ?? join(dirname(require.main?.filename ?? __dirname), '..', 'web');
  if (!options.preview && existsSync(join(webRoot, 'index.html'))) serveWebApp(app, webRoot);
  return app;
}

/** The OpenAPI document of the API; committed as libs/api-client/openapi.json, from which the typed client is generated. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Arena API')
    .setDescription('Competitions, bundles, submissions, leaderboards, and the compute-worker protocol.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Session or API token (POST /api/auth/login)' }, 'user')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Job token of one run (workers only)' }, 'job')
    .build();
  return SwaggerModule.createDocument(app, doc);
}
