import { RequestMethod } from '@nestjs/common';
import type { Request } from 'express';
import { pathToRegexp } from 'path-to-regexp';
import type { SessionExcludedRoute } from './session-module-options.interface.js';

/** True when the request must skip the session middleware. */
export type RouteExclusion = (req: Request) => boolean;

interface CompiledRoute {
  readonly pattern: RegExp;
  /** Upper-case HTTP method, or undefined for every method. */
  readonly method: string | undefined;
}

/**
 * Compiles `exclude` into one check run by the middleware itself, so an excluded route pays a regular
 * expression test instead of Nest's middleware proxy. Paths are relative to the global prefix, as with
 * Nest's `exclude()`. Returns `undefined` for routes this check does not model (a `version`): the module
 * then lets Nest's consumer handle them.
 */
export function compileRouteExclusion(
  routes: readonly SessionExcludedRoute[],
  globalPrefix: string,
): RouteExclusion | undefined {
  const compiled: CompiledRoute[] = [];
  for (const route of routes) {
    const info = typeof route === 'string' ? { path: route, method: RequestMethod.ALL } : route;
    if ('version' in info && info.version !== undefined) {
      return undefined;
    }
    compiled.push({
      pattern: pathToRegexp(joinPaths(globalPrefix, info.path)).regexp,
      method: info.method === RequestMethod.ALL ? undefined : RequestMethod[info.method],
    });
  }
  return (req) => {
    const path = req.path;
    return compiled.some((route) => (route.method === undefined || route.method === req.method) && route.pattern.test(path));
  };
}

function joinPaths(prefix: string, path: string): string {
  const parts = [prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part.length > 0);
  return `/${parts.join('/')}`;
}
