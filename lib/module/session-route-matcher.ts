import { RequestMethod } from '@nestjs/common';
import type { Request } from 'express';
import { pathToRegexp } from 'path-to-regexp';
import type { SessionExcludedRoute, SessionRoute } from './session-module-options.interface.js';

/** True when the request matches one of the compiled routes. */
export type RouteMatcher = (req: Request) => boolean;

interface CompiledRoute {
  readonly patterns: readonly RegExp[];
  /** Upper-case HTTP method, or undefined for every method. */
  readonly method: string | undefined;
}

/** Where the routes live: Nest's global prefix, and whether some routes are excluded from it. */
export interface RoutePrefix {
  readonly globalPrefix: string;
  /** With `setGlobalPrefix(prefix, { exclude })`, a route may also live outside the prefix. */
  readonly hasPrefixExclusions: boolean;
}

/**
 * Compiles `forRoutes` or `exclude` into one check run by the module's own middleware, so the session
 * can be mounted ahead of everything `main.ts` mounts with `app.use()`. Paths are relative to the global
 * prefix, as with Nest's consumer. Returns `undefined` for routes this check does not model (a controller
 * class, a `version`): those need Nest's `MiddlewareConsumer`.
 */
export function compileRouteMatcher(
  routes: readonly (SessionRoute | SessionExcludedRoute)[],
  prefix: RoutePrefix,
): RouteMatcher | undefined {
  const compiled: CompiledRoute[] = [];
  for (const route of routes) {
    if (typeof route === 'function') {
      return undefined;
    }
    const info = typeof route === 'string' ? { path: route, method: RequestMethod.ALL } : route;
    if ('version' in info && info.version !== undefined) {
      return undefined;
    }
    const paths = [joinPaths(prefix.globalPrefix, info.path)];
    if (prefix.hasPrefixExclusions && prefix.globalPrefix.length > 0) {
      paths.push(joinPaths('', info.path));
    }
    compiled.push({
      patterns: paths.map((path) => pathToRegexp(path).regexp),
      method: info.method === RequestMethod.ALL ? undefined : RequestMethod[info.method],
    });
  }
  return (req) => {
    const path = req.path;
    return compiled.some(
      (route) =>
        (route.method === undefined || route.method === req.method) && route.patterns.some((pattern) => pattern.test(path)),
    );
  };
}

/** Joins the prefix and a path; a path that starts with an optional group (`{*path}`) also covers the prefix itself. */
function joinPaths(prefix: string, path: string): string {
  const head = prefix.replace(/^\/+|\/+$/g, '');
  const tail = path.replace(/^\/+|\/+$/g, '');
  if (head.length === 0) {
    return `/${tail}`;
  }
  if (tail.startsWith('{')) {
    return `/${head}{/${tail.slice(1)}`;
  }
  return tail.length === 0 ? `/${head}` : `/${head}/${tail}`;
}
