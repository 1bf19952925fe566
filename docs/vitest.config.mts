import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: { name: 'docs', environment: 'node', include: ['test/**/*.spec.ts'], testTimeout: 60_000 },
});
