import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';

export interface Route {
  method: string;
  /** OpenAPI style: `/api/phases/{phaseId}/leaderboard`. */
  path: string;
}

/** Every route of the running app, read from the controllers' own metadata (what the router serves). */
export function routesOf(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as unknown as { prototype: Record<string, object> } | null;
      if (!type) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) {
          continue;
        }
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = ('/api/' + [base, sub].filter((p) => p && p !== '/').join('/'))
          .replace(/\/+/g, '/')
          .replace(/:(\w+)/g, '{$1}');
        routes.push({ method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod], path });
      }
    }
  }
  return routes;
}
