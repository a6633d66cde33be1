/** Matches a request to a route by method and path template (case-insensitive, like ARM). */
import type { Route } from './context.js';
import { containerRegistryRoutes } from './routes-cr.js';
import { eventGridRoutes } from './routes-eg.js';
import { operationRoutes } from './routes-lro.js';

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]!);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}/?$`, 'i'), names };
}

const compiled = [...containerRegistryRoutes, ...eventGridRoutes, ...operationRoutes].map(compile);

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'none' };

export function matchRoute(method: string, path: string): RouteMatch {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    return { kind: 'found', route: c.route, params };
  }
  return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'none' };
}
