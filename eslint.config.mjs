// One lint gate for the whole monorepo (issue 18): type-aware typescript-eslint rules that catch real defects
// (floating and misused promises, non-exhaustive switches, loose equality), braces everywhere, React hook rules for
// the web app, and Nx module boundaries over the tags in each project.json. Formatting is Prettier's job
// (.prettierrc.json); eslint-config-prettier turns off the stylistic rules that would fight it.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

// Server-side packages: the database and Nest belong to the API alone.
const serverOnly = ['typeorm', 'pg', '@nestjs/*', '@fastify/*', 'amqplib', 'dockerode'];

// Tags (project.json): type:lib|app|tooling, scope:<app> or scope:shared, platform:node|universal. Nx itself forbids
// importing an application (apps are entry points, not libraries) and any import cycle between projects.
const boundaries = (allow = []) => [
  'error',
  {
    // Within a project, imports go through its path alias (`@api/...`, `@worker/...`), as STYLE.md asks.
    allowCircularSelfDependency: true,
    allow,
    depConstraints: [
      // Libraries are shared by the API, the worker, the CLI and the web app: no app, no database or framework.
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'], bannedExternalImports: serverOnly },
      // What the browser runs may only use libraries that run anywhere.
      { sourceTag: 'platform:universal', onlyDependOnLibsWithTags: ['platform:universal'] },
      // The web app is a browser bundle: no server code.
      {
        sourceTag: 'scope:web',
        onlyDependOnLibsWithTags: ['platform:universal'],
        bannedExternalImports: [...serverOnly, 'pino', 'prom-client', '@aws-sdk/*'],
      },
      // The worker talks to the API over HTTP and the broker only: no database, no Nest.
      {
        sourceTag: 'scope:worker',
        onlyDependOnLibsWithTags: ['scope:shared'],
        bannedExternalImports: ['typeorm', 'pg', '@nestjs/*', '@fastify/*'],
      },
      // The CLI is an HTTP client of the API (and runs the worker's scoring locally, see below).
      {
        sourceTag: 'scope:cli',
        onlyDependOnLibsWithTags: ['scope:shared'],
        bannedExternalImports: ['typeorm', 'pg', '@nestjs/*', '@fastify/*', 'amqplib'],
      },
      { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared'] },
      // Benchmarks, documentation and deployment tests use the libraries (apps only as built processes).
      { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
    ],
  },
];

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
      '**/vitest.*.config.mts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.base],
    plugins: { '@nx': nx },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: {
        // Build configs sit outside every tsconfig; they get the default project.
        projectService: {
          allowDefaultProject: ['apps/*/vite.config.mts', 'apps/api/swc-plugin.mts', 'bench/vite.config.mts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
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
      '@nx/enforce-module-boundaries': boundaries(),
    },
  },
  {
    // The API's end-to-end and CLI tests start the real compute worker in-process and run the CLI (its built main
    // or its program) against the API under test: the only places one application uses another's code.
    // The CLI has no path alias of its own (nothing imports it but these tests).
    files: ['apps/api/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@worker/**', '../../../cli/**']) },
  },
  {
    // `arena bundle test` scores a bundle locally with the worker's own job runner, so a bundle passes there exactly
    // when it passes on a worker.
    files: ['apps/cli/src/bundle-test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@worker/**']) },
  },
  {
    // VitePress bundles the documentation's data loaders without the tsconfig paths: they reach libs relatively.
    files: ['docs/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['../../libs/**', '../../../libs/**']) },
  },
  {
    files: ['apps/web/**/*.tsx', 'apps/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // The app routes with <BrowserRouter>, whose navigate() is synchronous; only a data router's returns a promise.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }] },
      ],
    },
  },
  prettier,
);
