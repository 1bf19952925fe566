import { swcWithDecorators } from './swc-plugin.mts';
import { defineConfig } from 'vite';

// SSR build: swc keeps decorator metadata (Nest DI, TypeORM columns); libs are inlined through tsconfig paths,
// npm packages stay external.
export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  plugins: [swcWithDecorators()],
  build: {
    ssr: true,
    target: 'node20',
    outDir: '../../dist/apps/api',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: {
        main: 'src/main.ts',
        'data-source': 'src/database/data-source.ts',
        'emit-openapi': 'src/emit-openapi.ts',
      },
      output: { format: 'cjs', entryFileNames: '[name].js' },
    },
  },
});
