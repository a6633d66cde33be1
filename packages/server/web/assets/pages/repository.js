// @ts-check
/**
 * One repository: the chart of its findings by severity over time (from `getRepositoryTrend`) and its images with
 * tags, digest, status and counts.
 */
import { get, getAll, integrationPath } from '../lib/api.js';
import { trendChart } from '../lib/chart.js';
import { h, replace } from '../lib/dom.js';
import {
  compareCounts,
  count,
  imageStatusBadge,
  platformText,
  severityChips,
  shortDigest,
  timeEl,
} from '../lib/format.js';
import { paths } from '../lib/router.js';
import { byText, dataTable } from '../lib/table.js';

/** @typedef {import('../types.js').Integration} Integration */
/** @typedef {import('../types.js').Image} Image */
/** @typedef {import('../types.js').RepositoryTrend} RepositoryTrend */

/** @param {import('../app.js').PageContext} ctx */
export async function renderRepository(ctx) {
  const { root, route, signal, setTitle, setCrumbs } = ctx;
  const id = route.params.id ?? '';
  const name = route.query.get('name') ?? '';
  if (!name) {
    const { renderNotFound } = await import('./not-found.js');
    renderNotFound(ctx);
    return;
  }
  setTitle(name);
  setCrumbs([{ label: 'Integrations', href: paths.integrations() }, { label: '…' }, { label: name }]);
  replace(root, h('p', { class: 'loading' }, 'Loading repository…'));
  const [integration, trend, images] = await Promise.all([
    /** @type {Promise<Integration>} */ (get(integrationPath(id), undefined, signal)),
    /** @type {Promise<RepositoryTrend>} */ (
      get(integrationPath(id, '/repositories/trend'), { repository: name }, signal)
    ),
    /** @type {Promise<Image[]>} */ (getAll(integrationPath(id, '/images'), { repository: name }, signal)),
  ]);
  setCrumbs([
    { label: 'Integrations', href: paths.integrations() },
    { label: integration.name, href: paths.integration(id) },
    { label: name },
  ]);

  const chart =
    trend.points.length > 0
      ? trendChart(trend.points, name)
      : h('p', { class: 'muted empty-chart' }, 'No matched image yet: the chart starts with the first analysis.');

  const table = dataTable({
    label: `Images of ${name}`,
    items: images,
    empty: 'No images recorded yet.',
    className: 'images cols-images',
    initialSort: { key: 'recorded', direction: 'descending' },
    columns: [
      {
        key: 'tags',
        label: 'Tags',
        compare: (a, b) => byText(a.tags.join(','), b.tags.join(',')),
        cell: (img) =>
          img.tags.length > 0
            ? img.tags.map((tag) => h('span', { class: 'tag' }, tag))
            : h('span', { class: 'muted' }, 'untagged'),
      },
      {
        key: 'digest',
        label: 'Digest',
        compare: (a, b) => byText(a.digest, b.digest),
        cell: (img) =>
          h(
            'a',
            { href: paths.image(id, img.digest, name), class: 'mono', title: img.digest },
            shortDigest(img.digest),
          ),
      },
      { key: 'platform', label: 'Platform', cell: (img) => platformText(img.platform) },
      {
        key: 'status',
        label: 'Status',
        compare: (a, b) => byText(a.status, b.status),
        cell: (img) => imageStatusBadge(img.status),
      },
      {
        key: 'vulnerabilities',
        label: 'Vulnerabilities',
        compare: (a, b) => compareCounts(a.vulnerabilities, b.vulnerabilities),
        firstDirection: 'descending',
        cell: (img) => severityChips(img.vulnerabilities),
      },
      {
        key: 'recorded',
        label: 'Pushed',
        compare: (a, b) => byText(a.recordedAt, b.recordedAt),
        firstDirection: 'descending',
        cell: (img) => timeEl(img.recordedAt),
      },
      {
        key: 'analyzed',
        label: 'Analyzed',
        compare: (a, b) => byText(a.analyzedAt ?? '', b.analyzedAt ?? ''),
        firstDirection: 'descending',
        cell: (img) => timeEl(img.analyzedAt, img.status === 'FAILED' ? 'failed' : 'not yet'),
      },
    ],
  });

  replace(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, name), h('p', { class: 'mono muted' }, `${integration.loginServer}/${name}`)),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'trend-title' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'trend-title' }, 'Findings by severity over time'),
        h('p', { class: 'muted' }, 'The latest image at each analysis and database re-match'),
      ),
      chart,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'images-title' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'images-title' }, 'Images'),
        h('p', { class: 'muted' }, `${count(images.length)} recorded`),
      ),
      table.element,
    ),
  );
}
