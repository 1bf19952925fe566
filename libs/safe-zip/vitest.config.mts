import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: { name: 'safe-zip', environment: 'node', include: ['src/**/*.spec.ts'] },
});
