import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: { name: 'web', environment: 'node', include: ['src/**/*.spec.ts'] },
});
