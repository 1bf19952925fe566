import 'reflect-metadata';
import { loadApiConfig } from './config/api-config';
import { createApp, openApiDocument } from './create-app';

/**
 * Prints the API's OpenAPI document without a database or a broker (Nest preview mode), so the committed spec and
 * the client generated from it can be refreshed anywhere: `npm run api:client`.
 */
async function emit(): Promise<void> {
  const app = await createApp(loadApiConfig({ ...process.env, LOG_LEVEL: 'error' }), { preview: true });
  process.stdout.write(JSON.stringify(openApiDocument(app), null, 2) + '\n');
  await app.close();
}

void emit();
