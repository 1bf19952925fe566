// One lint gate for the whole monorepo (issue 18): type-aware typescript-eslint rules that catch real defects
// (floating and misused promises, non-exhaustive switches, loose equality), braces everywhere, React hook rules for
// the web app, and Nx module boundaries over the scope tags in each project.json. Formatting is Prettier's job
// (.prettierrc.json); eslint-config-prettier turns off the stylistic rules that would fight it.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '**/coverage/**',
      '.arena/**',
      'artifacts/**',
      'test-artifacts/**',
      'deploy/image-stage/**',
      'docs/.vitepress/cache/**',
      'examples/**',
      'templates/**',
      'libs/api-client/src/openapi-schema.ts',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/vitest.config.mts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.base],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // Libraries are shared by the API, the worker, the CLI and the web app: they never import an app.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:shared', 'scope:app'] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.tsx', 'apps/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  prettier,
);
