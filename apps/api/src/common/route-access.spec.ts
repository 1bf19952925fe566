import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { AppModule } from '@api/app.module';
import { loadApiConfig } from '@api/config/api-config';
import { ACCESS_KEY } from './auth.decorators';

type ModuleRef = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** Every controller the application serves: found by walking its modules as Nest does, not listed by hand. */
function servedControllers(): Type[] {
  const found = new Set<Type>();
  const seen = new Set<unknown>();
  const walk = (ref: ModuleRef | undefined) => {
    if (ref == null || ref instanceof Promise) {
      return;
    }
    const mod = 'forwardRef' in ref ? (ref.forwardRef() as ModuleRef) : ref;
    if (seen.has(mod)) {
      return;
    }
    seen.add(mod);
    const cls = 'module' in mod ? mod.module : (mod as Type);
    const dynamic = 'module' in mod ? mod : undefined;
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    controllers.forEach((c) => found.add(c));
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []),
      ...((dynamic?.imports as ModuleRef[] | undefined) ?? []),
    ];
    imports.forEach(walk);
  };
  walk(AppModule.forRoot(loadApiConfig({ LOG_LEVEL: 'error' })));
  return [...found];
}

/** Controller classes declared in the source files, to check that none is left out of the application. */
function declaredControllers(): string[] {
  const src = join(__dirname, '..');
  return (readdirSync(src, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.controller.ts'))
    .flatMap((f) =>
      [...readFileSync(join(src, f), 'utf8').matchAll(/@Controller\([^)]*\)[\s\S]*?export class (\w+)/g)].map(
        (m) => m[1],
      ),
    );
}

const joinPath = (...parts: (string | string[] | undefined)[]) =>
  parts
    .map((p) => (Array.isArray(p) ? p[0] : (p ?? '')))
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');

describe('every route declares who may call it', () => {
  const controllers = servedControllers();
  const routes = controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ controller, name, handler: (controller.prototype as unknown as Record<string, object>)[name] }))
      .filter(({ handler }) => Reflect.getMetadata(METHOD_METADATA, handler) !== undefined)
      .map((r) => ({
        ...r,
        path: joinPath(
          Reflect.getMetadata(PATH_METADATA, r.controller) as string | string[],
          Reflect.getMetadata(PATH_METADATA, r.handler) as string | string[],
        ),
      })),
  );

  it('walks every controller in the source into the application', () => {
    const served = new Set(controllers.map((c) => c.name));
    const declared = declaredControllers();
    expect(declared.length).toBeGreaterThanOrEqual(25);
    expect(declared.filter((name) => !served.has(name))).toEqual([]);
  });

  it.each(routes.map((r) => [`${r.controller.name}.${r.name} (${r.path})`, r] as const))('%s', (_, r) => {
    const access: unknown = Reflect.getMetadata(ACCESS_KEY, r.handler) ?? Reflect.getMetadata(ACCESS_KEY, r.controller);
    expect(['public', 'user', 'worker-run']).toContain(access);
    // A run's job token opens the worker's routes and nothing else; the worker's routes take nothing else.
    expect(access === 'worker-run').toBe(r.path.startsWith('worker/'));
  });
});
