// @ts-check
/**
 * The packages of an image with type, version, purl and the layer that introduced each (its position in the
 * image and its diffID). Filter by type, search by name or purl; rows are built once, as for vulnerabilities.
 */
import { h } from '../lib/dom.js';
import { count, shortDigest } from '../lib/format.js';
import { byText, dataTable } from '../lib/table.js';
import { packageTypeSelect, searchBox } from './widgets.js';

/** @typedef {import('../types.js').ImagePackage} ImagePackage */
/** @typedef {import('../types.js').Image} Image */
/** @typedef {{ p: ImagePackage, key: string, layer: number }} Row */

/**
 * @param {ImagePackage[]} packages
 * @param {Image} image
 */
export function packagesView(packages, image) {
  if (packages.length === 0) return h('p', { class: 'muted' }, 'No packages were found in this image.');
  /** @type {Map<string, number>} */
  const layerIndex = new Map();
  image.layers.forEach((layer, i) => {
    if (layer.diffId) layerIndex.set(layer.diffId, i + 1);
  });
  /** @type {Row[]} */
  const rows = packages.map((p) => ({
    p,
    key: `${p.namespace ?? ''}/${p.name}\n${p.purl}`.toLowerCase(),
    layer: layerIndex.get(p.layer) ?? 0,
  }));
  /** @type {Map<string, number>} */
  const perType = new Map();
  for (const { p } of rows) perType.set(p.type, (perType.get(p.type) ?? 0) + 1);
  const state = { type: '', needle: '' };

  const table = dataTable({
    label: 'Packages',
    items: rows,
    empty: 'No package matches these filters.',
    className: 'packages cols-packages',
    initialSort: { key: 'name', direction: 'ascending' },
    columns: [
      {
        key: 'type',
        label: 'Type',
        compare: (a, b) => byText(a.p.type, b.p.type),
        cell: (r) => h('span', { class: 'pkg-type' }, r.p.type),
      },
      {
        key: 'name',
        label: 'Name',
        compare: (a, b) => byText(a.p.name, b.p.name),
        cell: (r) => [
          r.p.namespace ? h('span', { class: 'muted' }, `${r.p.namespace}/`) : null,
          h('span', { class: 'strong' }, r.p.name),
        ],
      },
      {
        key: 'version',
        label: 'Version',
        className: 'mono',
        compare: (a, b) => byText(a.p.version, b.p.version),
        cell: (r) => r.p.version,
      },
      {
        key: 'licenses',
        label: 'Licenses',
        compare: (a, b) => byText(a.p.licenses.join(','), b.p.licenses.join(',')),
        cell: (r) => (r.p.licenses.length > 0 ? r.p.licenses.join(', ') : h('span', { class: 'muted' }, '—')),
      },
      {
        key: 'layer',
        label: 'Layer',
        compare: (a, b) => a.layer - b.layer,
        cell: (r) =>
          h(
            'span',
            { class: 'layer', title: r.p.layer },
            r.layer > 0 ? h('span', { class: 'layer-n' }, `#${r.layer}`) : null,
            h('span', { class: 'mono muted' }, shortDigest(r.p.layer)),
          ),
      },
      {
        key: 'purl',
        label: 'Package URL',
        className: 'mono purl',
        compare: (a, b) => byText(a.p.purl, b.p.purl),
        cell: (r) => r.p.purl,
      },
    ],
  });

  const status = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });
  const paintStatus = (/** @type {number} */ shown) => {
    status.textContent =
      shown === rows.length
        ? `${count(rows.length)} packages in ${count(image.layers.length)} layers`
        : `Showing ${count(shown)} of ${count(rows.length)} packages`;
  };
  const apply = () => {
    const needle = state.needle.trim().toLowerCase();
    paintStatus(
      table.filter(
        !state.type && !needle
          ? null
          : (r) => (!state.type || r.p.type === state.type) && (!needle || r.key.includes(needle)),
      ),
    );
  };
  paintStatus(rows.length);
  return h(
    'div',
    { class: 'packages-view' },
    h(
      'div',
      { class: 'toolbar' },
      packageTypeSelect({
        perType,
        name: 'type',
        onChange: (value) => {
          state.type = value;
          apply();
        },
      }),
      searchBox({
        label: 'Search packages',
        placeholder: 'Search name or purl  ( / )',
        onInput: (text) => {
          state.needle = text;
          apply();
        },
      }),
    ),
    status,
    table.element,
  );
}
