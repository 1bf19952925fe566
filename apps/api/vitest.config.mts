import { swcWithDecorators } from './swc-plugin.mts';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  plugins: [swcWithDecorators()],
  test: {
    name: 'api',
    environment: 'node',
    setupFiles: ['reflect-metadata'],
    // Unit specs in src/ are the `api-unit` project (vitest.unit.config.mts): they need none of this set-up.
    include: ['test/**/*.spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration and end-to-end files share one Docker engine and broker on a 2-core machine.
    fileParallelism: false,
  },
});
