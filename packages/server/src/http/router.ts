import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

interface CompiledRoute<H> {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: H;
}

/**
 * A small method + path-template router (`/v1/integrations/{id}`). Linear matching over a few dozen
 * routes costs well under a microsecond per request; no framework needed on the hot path.
 */
export class Router<H> {
  readonly #routes: CompiledRoute<H>[] = [];

  add(method: string, template: string, handler: H): void {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((part) => {
        const m = /^\{(\w+)\}$/.exec(part);
        if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(m[1] as string);
        return '([^/]+)';
      })
      .join('/');
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
  }

  /** The matching route; `'method'` when the path exists with another method (405), else `undefined`. */
  match(method: string, path: string): RouteMatch<H> | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.#routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] as string);
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
) => Promise<void>;
