import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './config/api-config';
import { createApp, openApiDocument } from './create-app';

const root = join(__dirname, '../../..');
const committedSpec = join(root, 'libs/api-client/openapi.json');
const committedSchema = join(root, 'libs/api-client/src/openapi-schema.ts');

// The web app and the CLI use only the client generated from the committed spec; if the API changed and the spec
// was not refreshed (`npm run build && npm run api:client`), they would call routes that no longer exist.
describe('committed OpenAPI document and generated client', () => {
  it('equal what the API declares now', async () => {
    const app = await createApp(loadApiConfig({ LOG_LEVEL: 'error' }), { preview: true });
    const live = JSON.parse(JSON.stringify(openApiDocument(app)));
    await app.close();
    expect(live).toEqual(JSON.parse(readFileSync(committedSpec, 'utf8')));

    const generated = astToString(await openapiTS(new URL(`file://${committedSpec}`)));
    // The CLI adds only its header comment before the generated declarations.
    const committed = readFileSync(committedSchema, 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\s*/, '');
    expect(committed).toBe(generated);
  });
});
