import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  build: {
    ssr: true,
    target: 'node20',
    outDir: '../../dist/apps/compute-worker',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: { main: 'src/main.ts', healthcheck: 'src/healthcheck.ts' },
      output: { format: 'cjs', entryFileNames: '[name].js' },
    },
  },
});
