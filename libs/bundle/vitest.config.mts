import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  // Property and fuzz tests run hundreds of parses: under a full parallel run they need more than the 5 s default.
  test: { name: 'bundle', environment: 'node', include: ['src/**/*.spec.ts'], testTimeout: 60_000 },
});
