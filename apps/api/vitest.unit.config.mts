import { swcWithDecorators } from './swc-plugin.mts';
import { defineConfig } from 'vitest/config';

// The API's unit specs (next to the code in src/): no database, broker or Docker, so no global setup and files in
// parallel. Integration and end-to-end tests (test/) are the `api` project.
export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  plugins: [swcWithDecorators()],
  test: {
    name: 'api-unit',
    environment: 'node',
    setupFiles: ['reflect-metadata'],
    include: ['src/**/*.spec.ts'],
    testTimeout: 60_000,
  },
});
