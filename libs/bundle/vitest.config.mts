import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: { name: 'bundle', environment: 'node', include: ['src/**/*.spec.ts'] },
});
