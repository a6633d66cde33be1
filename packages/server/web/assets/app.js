// @ts-check
/**
 * The dashboard's entry: the header (breadcrumbs, organization and role, sign-out), the session check and the
 * page for each route. Every page renders into a fresh section; a newer navigation aborts the older one's requests.
 */
import { ApiError, onUnauthorized } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { matchRoute, navigate, paths, safeNext, startRouter } from './lib/router.js';
import { currentIdentity, forgetIdentity, loadIdentity, signOut } from './lib/session.js';
import { renderImage } from './pages/image.js';
import { renderIntegration } from './pages/integration.js';
import { renderIntegrations } from './pages/integrations.js';
import { renderNotFound } from './pages/not-found.js';
import { renderRepository } from './pages/repository.js';
import { renderSignIn } from './pages/signin.js';

/**
 * @typedef {import('./lib/router.js').Route} Route
 * @typedef {{ label: string, href?: string }} Crumb
 * @typedef {object} PageContext
 * @property {HTMLElement} root the page's section
 * @property {Route} route
 * @property {import('./types.js').SessionIdentity} identity
 * @property {AbortSignal} signal aborted when the user navigates away
 * @property {(title: string) => void} setTitle
 * @property {(crumbs: Crumb[]) => void} setCrumbs
 */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const crumbsEl = /** @type {HTMLElement} */ (document.getElementById('crumbs'));
const whoEl = /** @type {HTMLElement} */ (document.getElementById('who'));

/** The status the server gave the page itself: 404 when the integration or image is not the organization's. */
const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (
  performance.getEntriesByType('navigation')[0]
);
let documentStatus = navigation?.responseStatus ?? 200;

/** @type {AbortController | null} */
let controller = null;
let sequence = 0;

/** @param {string} title */
function setTitle(title) {
  document.title = title ? `${title} · Scout ACR` : 'Scout ACR';
}

/** @param {Crumb[]} crumbs */
function setCrumbs(crumbs) {
  if (crumbs.length === 0) {
    crumbsEl.replaceChildren();
    return;
  }
  const list = h('ol');
  crumbs.forEach((crumb, i) => {
    const last = i === crumbs.length - 1;
    list.appendChild(
      h(
        'li',
        null,
        crumb.href && !last
          ? h('a', { href: crumb.href }, crumb.label)
          : h('span', last ? { 'aria-current': 'page' } : null, crumb.label),
      ),
    );
  });
  replace(crumbsEl, list);
}

function paintIdentity() {
  const identity = currentIdentity();
  if (!identity) {
    whoEl.replaceChildren();
    return;
  }
  replace(
    whoEl,
    h(
      'span',
      { class: 'org', title: 'Organization' },
      h('span', { class: 'sr-only' }, 'Organization '),
      identity.organization,
    ),
    h('span', { class: `role role-${identity.role}`, title: 'Role of your API key' }, identity.role),
    h('button', { type: 'button', class: 'button quiet', id: 'sign-out', onclick: onSignOut }, 'Sign out'),
  );
}

async function onSignOut() {
  try {
    await signOut();
  } catch {
    // The server may already have ended the session; the user is signed out either way.
  }
  paintIdentity();
  navigate(paths.signin());
}

onUnauthorized(() => {
  if (!currentIdentity()) return;
  forgetIdentity();
  paintIdentity();
  navigate(paths.signin(window.location.pathname + window.location.search), { replace: true });
});

/** @param {HTMLElement} root @param {unknown} error */
function renderError(root, error) {
  const message = error instanceof Error ? error.message : String(error);
  replace(
    root,
    h(
      'div',
      { class: 'panel error-panel', role: 'alert' },
      h('h1', null, 'Something went wrong'),
      h('p', null, message),
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => render(matchRoute(window.location), 'pop') },
        'Try again',
      ),
    ),
  );
}

/**
 * @param {Route} route
 * @param {'load' | 'push' | 'pop'} how
 */
async function render(route, how) {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const mine = ++sequence;
  const status = how === 'load' ? documentStatus : 200;
  documentStatus = 200;
  const root = h('div', { class: 'page' });

  if (route.name === 'signin') {
    if (currentIdentity()) {
      navigate(safeNext(route.query.get('next')), { replace: true });
      return;
    }
    setCrumbs([]);
    paintIdentity();
    replace(main, root);
    renderSignIn({ root, route, setTitle, onSignedIn: paintIdentity });
    return;
  }

  let identity = currentIdentity();
  if (!identity) {
    try {
      identity = await loadIdentity();
    } catch (error) {
      if (mine !== sequence) return;
      replace(main, root);
      renderError(root, error);
      return;
    }
    if (mine !== sequence) return;
    if (!identity) {
      navigate(paths.signin(route.path), { replace: true });
      return;
    }
    paintIdentity();
  }

  replace(main, root);
  if (how === 'push') {
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
  /** @type {PageContext} */
  const ctx = { root, route, identity, signal, setTitle, setCrumbs };
  try {
    if (status === 404 || route.name === 'notFound') renderNotFound(ctx);
    else if (route.name === 'integrations') await renderIntegrations(ctx);
    else if (route.name === 'integration') await renderIntegration(ctx);
    else if (route.name === 'repository') await renderRepository(ctx);
    else if (route.name === 'image') await renderImage(ctx);
  } catch (error) {
    if (signal.aborted || mine !== sequence) return;
    if (error instanceof DOMException && error.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 404) renderNotFound(ctx);
    else if (error instanceof ApiError && error.status === 401) return;
    else renderError(root, error);
  }
}

// `/` jumps to the page's search box, as on GitHub; not while typing in a field.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) return;
  if (active instanceof HTMLSelectElement || (active instanceof HTMLElement && active.isContentEditable)) return;
  // The first visible one: hidden tab panels hold search boxes too.
  const search = [...main.querySelectorAll('[data-search]')].find(
    (el) => el instanceof HTMLInputElement && el.closest('[hidden]') === null,
  );
  if (search instanceof HTMLInputElement) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});

startRouter(render);
