import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  test: { name: 'deploy', environment: 'node', include: ['test/**/*.spec.ts'], testTimeout: 120_000 },
});
