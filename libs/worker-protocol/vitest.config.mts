import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: { name: 'worker-protocol', environment: 'node', include: ['src/**/*.spec.ts'] },
});
