// @ts-check
/**
 * One image: its summary, SBOM downloads, and three tabs: vulnerabilities, packages (with the layer that
 * introduced each) and the history of analyses and database re-matches. Every list is fetched in full (pages of
 * 500) and the three run at once while the summary renders.
 */
import { ApiError, apiUrl, get, getAll, integrationPath } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import {
  count,
  imageStatusBadge,
  platformText,
  SEVERITIES,
  SEVERITY_LABEL,
  shortDigest,
  timeEl,
} from '../lib/format.js';
import { navigate, paths } from '../lib/router.js';
import { historyView } from './image-history.js';
import { packagesView } from './image-packages.js';
import { afterPaint, vulnerabilitiesView } from './image-vulns.js';
import { renderNotFound } from './not-found.js';
import { tabs } from './tabs.js';

/** @typedef {import('../types.js').Integration} Integration */
/** @typedef {import('../types.js').Image} Image */
/** @typedef {import('../types.js').ImageLookup} ImageLookup */
/** @typedef {import('../types.js').Vulnerability} Vulnerability */
/** @typedef {import('../types.js').ImagePackage} ImagePackage */
/** @typedef {import('../types.js').ImageHistoryEntry} ImageHistoryEntry */

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * A promise that never rejects unobserved: the page may leave (404, navigation) before awaiting it.
 * @template T
 * @param {Promise<T>} promise
 * @returns {Promise<{ ok: true, value: T } | { ok: false, error: unknown }>}
 */
function settle(promise) {
  return promise.then(
    (value) => ({ ok: /** @type {const} */ (true), value }),
    (error) => ({ ok: /** @type {const} */ (false), error }),
  );
}

/** @param {import('../app.js').PageContext} ctx */
export async function renderImage(ctx) {
  const { root, route, signal, setTitle, setCrumbs } = ctx;
  performance.mark('scout:image-start');
  const id = route.params.id ?? '';
  const digest = route.params.digest ?? '';
  if (!DIGEST.test(digest)) {
    renderNotFound(ctx);
    return;
  }
  setTitle(shortDigest(digest));
  setCrumbs([{ label: 'Integrations', href: paths.integrations() }, { label: '…' }]);
  replace(root, h('p', { class: 'loading' }, 'Loading image…'));

  const base = integrationPath(id, `/images/${encodeURIComponent(digest)}`);
  const lookup = /** @type {Promise<ImageLookup>} */ (
    get(integrationPath(id, '/image'), { reference: digest }, signal)
  );
  const integration = settle(/** @type {Promise<Integration>} */ (get(integrationPath(id), undefined, signal)));
  // The repository is needed only when the digest is in several; links from the dashboard always name it.
  let repository = route.query.get('repository') ?? '';
  if (!repository) {
    const found = await lookup;
    if (found.images.length > 1) repository = found.images[0]?.repository ?? '';
  }
  const query = repository ? { repository } : {};
  const vulns = settle(/** @type {Promise<Vulnerability[]>} */ (getAll(`${base}/vulnerabilities`, query, signal)));
  const packages = settle(/** @type {Promise<ImagePackage[]>} */ (getAll(`${base}/packages`, query, signal)));
  const history = settle(/** @type {Promise<ImageHistoryEntry[]>} */ (getAll(`${base}/history`, query, signal)));

  const found = await lookup;
  const image = found.images.find((i) => !repository || i.repository === repository);
  if (!image) throw new ApiError(404, 'NotFound', 'image not found');
  if (image.digest !== digest) {
    // An index digest: show its (first) platform image, whose digest the image routes take.
    navigate(paths.image(id, image.digest, image.repository), { replace: true });
    return;
  }
  const owner = await integration;
  if (!owner.ok) throw owner.error;
  setTitle(`${image.repository}${image.tags[0] ? `:${image.tags[0]}` : `@${shortDigest(digest)}`}`);
  setCrumbs([
    { label: 'Integrations', href: paths.integrations() },
    { label: owner.value.name, href: paths.integration(id) },
    { label: image.repository, href: paths.repository(id, image.repository) },
    { label: image.tags[0] ?? shortDigest(digest) },
  ]);

  const vulnPanel = h('div', { class: 'tab-body' }, h('p', { class: 'loading' }, 'Loading vulnerabilities…'));
  const packagePanel = h('div', { class: 'tab-body' }, h('p', { class: 'loading' }, 'Loading packages…'));
  const historyPanel = h('div', { class: 'tab-body' }, h('p', { class: 'loading' }, 'Loading history…'));
  const tabSet = tabs('Image details', [
    { id: 'vulnerabilities', label: 'Vulnerabilities', panel: vulnPanel },
    { id: 'packages', label: 'Packages', panel: packagePanel },
    { id: 'history', label: 'History', panel: historyPanel },
  ]);
  replace(root, summary(id, image, owner.value), tabSet.element);

  const v = await vulns;
  if (signal.aborted) return;
  if (v.ok) {
    tabSet.setCount('vulnerabilities', v.value.length);
    replace(vulnPanel, vulnerabilitiesView(v.value));
  } else replace(vulnPanel, unavailable(v.error, 'vulnerabilities'));
  // Packages and history are hidden tabs: built after the vulnerabilities are on screen, not before.
  const [p, hist] = await Promise.all([packages, history]);
  await new Promise((resolve) => afterPaint(() => resolve(undefined)));
  if (signal.aborted) return;
  if (p.ok) {
    tabSet.setCount('packages', p.value.length);
    replace(packagePanel, packagesView(p.value, image));
  } else replace(packagePanel, unavailable(p.error, 'packages'));
  if (hist.ok) {
    tabSet.setCount('history', hist.value.length);
    replace(historyPanel, historyView(hist.value));
  } else replace(historyPanel, unavailable(hist.error, 'history'));
}

/** A 409 (not analyzed, no database) is a state, not a failure; other errors still say what happened. */
function unavailable(/** @type {unknown} */ error, /** @type {string} */ what) {
  if (error instanceof DOMException && error.name === 'AbortError') return '';
  if (error instanceof ApiError && error.status === 409) {
    return h('p', { class: 'note' }, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return h('p', { class: 'note note-bad', role: 'alert' }, `The ${what} could not be loaded: ${message}`);
}

/**
 * @param {string} id
 * @param {Image} image
 * @param {Integration} integration
 */
function summary(id, image, integration) {
  const counts = image.vulnerabilities;
  const sbom = (/** @type {'cyclonedx' | 'spdx'} */ format, /** @type {string} */ label, /** @type {string} */ ext) =>
    h(
      'a',
      {
        class: 'button',
        href: apiUrl(integrationPath(id, `/images/${encodeURIComponent(image.digest)}/sbom`), {
          format,
          repository: image.repository,
        }),
        download: `${image.repository.replace(/[^A-Za-z0-9._-]+/g, '_')}_${image.digest.slice(7, 19)}.${ext}`,
        'data-sbom': format,
      },
      h('span', { class: 'icon-download', 'aria-hidden': 'true' }),
      label,
    );
  const analyzed = image.status === 'ANALYZED';
  return h(
    'section',
    { class: 'panel image-summary', 'aria-labelledby': 'image-title' },
    h(
      'div',
      { class: 'summary-head' },
      h(
        'div',
        null,
        h(
          'h1',
          { id: 'image-title' },
          image.repository,
          image.tags.map((tag) => h('span', { class: 'tag tag-lg' }, tag)),
        ),
        h('p', { class: 'mono muted digest' }, image.digest),
      ),
      imageStatusBadge(image.status),
    ),
    h(
      'div',
      { class: 'summary-body' },
      h(
        'dl',
        { class: 'facts' },
        fact('Registry', h('span', { class: 'mono' }, integration.loginServer)),
        fact('Platform', platformText(image.platform)),
        fact('Distribution', image.distro?.prettyName ?? image.distro?.id ?? '—'),
        fact('Packages', image.packageCount === null ? '—' : count(image.packageCount)),
        fact('Layers', count(image.layers.length)),
        fact('Pushed', timeEl(image.recordedAt)),
        fact('Analyzed', timeEl(image.analyzedAt, image.status === 'FAILED' ? 'failed' : 'not yet')),
        fact('Matched', timeEl(image.matchedAt, 'not yet')),
        fact('Database imported', timeEl(image.vulnDbVersion, '—')),
      ),
      h(
        'div',
        { class: 'summary-side' },
        h(
          'div',
          { class: 'big-counts', role: 'group', 'aria-label': 'Vulnerabilities by severity' },
          SEVERITIES.filter((s) => s !== 'unspecified' || (counts?.unspecified ?? 0) > 0).map((s) =>
            h(
              'div',
              { class: `big-count sev-${s}${counts && counts[s] === 0 ? ' zero' : ''}` },
              h('span', { class: 'big-n' }, counts ? count(counts[s]) : '—'),
              h('span', { class: 'label' }, SEVERITY_LABEL[s]),
            ),
          ),
        ),
        analyzed
          ? h(
              'div',
              { class: 'downloads' },
              h('span', { class: 'muted' }, 'SBOM'),
              sbom('cyclonedx', 'CycloneDX', 'cdx.json'),
              sbom('spdx', 'SPDX', 'spdx.json'),
            )
          : null,
      ),
    ),
    image.analysisError ? h('p', { class: 'note note-bad' }, `Analysis failed: ${image.analysisError}`) : null,
  );
}

/** @param {string} label @param {import('../lib/dom.js').Child} value */
function fact(label, value) {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}
