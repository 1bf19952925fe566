import { defineConfig } from 'vite';

// No React plugin: Vite 8's oxc transform compiles TSX with the automatic runtime. The API serves the build from
// dist/apps/web in production; in development this server proxies /api to the API on port 3000.
export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: { port: 4200, proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } } },
  build: {
    outDir: '../../dist/apps/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      // react-router marks modules "use client" for server components; meaningless in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
});
