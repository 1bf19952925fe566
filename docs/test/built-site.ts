import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The built site: `npx nx run docs:build` (part of `npm run build`, which deploy/test.sh runs before the tests). */
export const SITE = resolve(__dirname, '../../dist/docs');

export function builtSite(): string {
  if (!existsSync(join(SITE, 'index.html'))) {
    throw new Error(`${SITE} is missing: build the docs first (npx nx run docs:build)`);
  }
  return SITE;
}
