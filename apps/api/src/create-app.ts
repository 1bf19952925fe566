import 'reflect-metadata';
import { type INestApplication, type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { ApiConfig } from './config/api-config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(config: ApiConfig, options: { preview?: boolean } = {}): Promise<INestApplication> {
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
