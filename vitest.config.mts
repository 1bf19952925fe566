import { defineConfig } from 'vitest/config';

// One entry point for the whole suite: every app and lib brings its own project config.
export default defineConfig({
  test: {
    projects: [
      'apps/*/vitest.config.mts',
      'apps/api/vitest.unit.config.mts',
      'libs/*/vitest.config.mts',
      'deploy/vitest.config.mts',
      'docs/vitest.config.mts',
    ],
  },
});
