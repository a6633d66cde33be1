// @ts-check
/**
 * History-API routing. Links stay real `<a href>`s (open in a new tab, copy the address); a plain left click on a
 * same-origin link is turned into a pushState and a render.
 */

/**
 * @typedef {'signin' | 'integrations' | 'integration' | 'repository' | 'image' | 'notFound'} RouteName
 * @typedef {{ name: RouteName, params: Record<string, string>, query: URLSearchParams, path: string }} Route
 */

/** @type {Array<[RegExp, RouteName, string[]]>} */
const TABLE = [
  [/^\/$/, 'integrations', []],
  [/^\/signin$/, 'signin', []],
  [/^\/integrations\/([^/]+)$/, 'integration', ['id']],
  [/^\/integrations\/([^/]+)\/repositories$/, 'repository', ['id']],
  [/^\/integrations\/([^/]+)\/images\/([^/]+)$/, 'image', ['id', 'digest']],
];

/** @param {string} segment */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** @param {Location | URL} location @returns {Route} */
export function matchRoute(location) {
  const query = new URLSearchParams(location.search);
  const path = location.pathname + location.search;
  for (const [pattern, name, keys] of TABLE) {
    const m = pattern.exec(location.pathname);
    if (!m) continue;
    /** @type {Record<string, string>} */
    const params = {};
    keys.forEach((key, i) => {
      params[key] = decode(m[i + 1] ?? '');
    });
    return { name, params, query, path };
  }
  return { name: 'notFound', params: {}, query, path };
}

/** Page paths, built in one place. */
export const paths = {
  integrations: () => '/',
  /** @param {string} [next] */
  signin: (next) => (next && next !== '/' ? `/signin?next=${encodeURIComponent(next)}` : '/signin'),
  /** @param {string} id */
  integration: (id) => `/integrations/${encodeURIComponent(id)}`,
  /** @param {string} id @param {string} name */
  repository: (id, name) => `/integrations/${encodeURIComponent(id)}/repositories?name=${encodeURIComponent(name)}`,
  /** Digests (`sha256:<hex>`) stay readable: a colon is valid in a path segment. @param {string} id @param {string} digest @param {string} [repository] */
  image: (id, digest, repository) =>
    `/integrations/${encodeURIComponent(id)}/images/${digest.replace(/[^A-Za-z0-9:._-]/g, encodeURIComponent)}` +
    (repository ? `?repository=${encodeURIComponent(repository)}` : ''),
};

/**
 * Only local paths may be a sign-in's `next` (no `//host`, no scheme): an open redirect otherwise.
 * @param {string | null} next
 */
export function safeNext(next) {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** @type {((route: Route, how: 'load' | 'push' | 'pop') => void) | null} */
let routerRender = null;

/**
 * Starts routing: `render` runs for the first location and after every navigation.
 * @param {(route: Route, how: 'load' | 'push' | 'pop') => void} render
 */
export function startRouter(render) {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(target instanceof HTMLAnchorElement)) return;
    if (target.target || target.hasAttribute('download') || target.origin !== window.location.origin) return;
    if (target.getAttribute('href')?.startsWith('#')) return;
    if (target.pathname.startsWith('/v1/') || target.pathname.startsWith('/assets/')) return;
    event.preventDefault();
    navigate(target.pathname + target.search + target.hash);
  });
  window.addEventListener('popstate', () => render(matchRoute(window.location), 'pop'));
  routerRender = render;
  render(matchRoute(window.location), 'load');
}

/**
 * @param {string} path
 * @param {{ replace?: boolean }} [options]
 */
export function navigate(path, options = {}) {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  routerRender?.(matchRoute(window.location), 'push');
}
