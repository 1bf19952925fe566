import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: { name: 'observability', environment: 'node', include: ['src/**/*.spec.ts'] },
});
