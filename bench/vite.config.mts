import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  build: {
    ssr: true,
    target: 'node20',
    outDir: '../dist/bench',
    emptyOutDir: true,
    rolldownOptions: { input: { main: 'src/main.ts' }, output: { format: 'cjs', entryFileNames: '[name].js' } },
  },
});
