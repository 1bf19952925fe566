import swc from 'unplugin-swc';

/**
 * The build and the tests compile the API with swc so that decorator metadata reaches Nest's DI and TypeORM.
 * There is no root tsconfig.json for swc to read, so the decorator settings are given here.
 */
export function swcWithDecorators() {
  return swc.vite({
    tsconfigFile: false,
    module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  });
}
