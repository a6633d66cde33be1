// @ts-check
/**
 * The vulnerabilities of an image: sortable columns, filters by severity, fix state and package type, and a
 * free-text search over ids, aliases and package names. Built for 1,000+ findings: search keys are lowercased
 * once, rows are built once, and a filter change only re-appends rows. Timings are exposed as User Timing
 * measures (`scout:vulns-rendered`, `scout:vulns-filtered`) taken after the next paint.
 */
import { externalLink, h } from '../lib/dom.js';
import { count, SEVERITY_RANK, severityBadge } from '../lib/format.js';
import { byText, dataTable } from '../lib/table.js';
import { packageTypeSelect, searchBox, selectField, severityToggles } from './widgets.js';

/** @typedef {import('../types.js').Vulnerability} Vulnerability */
/** @typedef {import('../types.js').Severity} Severity */
/** @typedef {{ v: Vulnerability, key: string }} Row */

/** Runs `fn` once the current DOM change has been laid out and painted. @param {() => void} fn */
export function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** @param {Vulnerability[]} vulns */
export function vulnerabilitiesView(vulns) {
  if (vulns.length === 0) {
    afterPaint(() => performance.measure('scout:vulns-rendered', { start: 'scout:image-start' }));
    return h('p', { class: 'all-clear' }, 'No known vulnerabilities in this image’s packages.');
  }
  /** @type {Row[]} */
  const rows = vulns.map((v) => ({
    v,
    key: [v.id, ...v.aliases, v.package.name, v.package.sourceName ?? ''].join('\n').toLowerCase(),
  }));

  /** @type {Record<Severity, number>} */
  const perSeverity = { critical: 0, high: 0, medium: 0, low: 0, unspecified: 0 };
  /** @type {Map<string, number>} */
  const perType = new Map();
  let fixable = 0;
  for (const { v } of rows) {
    perSeverity[v.severity] += 1;
    perType.set(v.package.type, (perType.get(v.package.type) ?? 0) + 1);
    if (v.fixState === 'fixed') fixable += 1;
  }

  const state = {
    /** @type {Set<Severity>} */ severities: new Set(),
    fix: 'all',
    type: '',
    needle: '',
  };

  const table = dataTable({
    label: 'Vulnerabilities',
    items: rows,
    empty: 'No vulnerability matches these filters.',
    className: 'vulns cols-vulns',
    initialSort: { key: 'severity', direction: 'descending' },
    columns: [
      {
        key: 'severity',
        label: 'Severity',
        compare: (a, b) => SEVERITY_RANK[a.v.severity] - SEVERITY_RANK[b.v.severity],
        firstDirection: 'descending',
        cell: (r) => severityBadge(r.v.severity),
      },
      {
        key: 'id',
        label: 'Vulnerability',
        compare: (a, b) => byText(a.v.id, b.v.id),
        cell: (r) => [
          externalLink(r.v.url, r.v.id),
          r.v.aliases.length > 0
            ? h('span', { class: 'aliases' }, r.v.aliases.slice(0, 2).join(', '), r.v.aliases.length > 2 ? ' …' : '')
            : null,
          r.v.summary ? h('span', { class: 'summary' }, r.v.summary) : null,
        ],
      },
      {
        key: 'package',
        label: 'Package',
        compare: (a, b) => byText(a.v.package.name, b.v.package.name),
        cell: (r) => [
          h('span', { class: 'strong' }, r.v.package.name),
          h('span', { class: 'pkg-type' }, r.v.package.type),
        ],
      },
      {
        key: 'version',
        label: 'Installed',
        className: 'mono',
        compare: (a, b) => byText(a.v.package.version, b.v.package.version),
        cell: (r) => r.v.package.version,
      },
      {
        key: 'fixed',
        label: 'Fixed in',
        className: 'mono',
        compare: (a, b) => byText(a.v.fixedVersions[0] ?? '\uffff', b.v.fixedVersions[0] ?? '\uffff'),
        cell: (r) =>
          r.v.fixedVersions.length > 0
            ? h('span', { class: 'fix' }, r.v.fixedVersions.join(', '))
            : h('span', { class: 'muted' }, 'not fixed'),
      },
      {
        key: 'score',
        label: 'CVSS',
        className: 'num',
        compare: (a, b) => (a.v.score ?? -1) - (b.v.score ?? -1),
        firstDirection: 'descending',
        cell: (r) =>
          r.v.score === undefined
            ? h('span', { class: 'muted' }, '—')
            : h('span', { title: r.v.vector ?? '' }, r.v.score.toFixed(1)),
      },
    ],
  });

  const status = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });
  const paintStatus = (/** @type {number} */ shown) => {
    status.textContent =
      shown === rows.length
        ? `${count(rows.length)} vulnerabilities, ${count(fixable)} fixable`
        : `Showing ${count(shown)} of ${count(rows.length)} vulnerabilities`;
  };

  function apply() {
    const started = performance.now();
    const { severities, fix, type } = state;
    const needle = state.needle.trim().toLowerCase();
    const all = severities.size === 0 && fix === 'all' && !type && !needle;
    const shown = table.filter(
      all
        ? null
        : (r) =>
            (severities.size === 0 || severities.has(r.v.severity)) &&
            (fix === 'all' || (fix === 'fixed') === (r.v.fixState === 'fixed')) &&
            (!type || r.v.package.type === type) &&
            (!needle || r.key.includes(needle)),
    );
    paintStatus(shown);
    afterPaint(() => performance.measure('scout:vulns-filtered', { start: started }));
  }

  const toolbar = h(
    'div',
    { class: 'toolbar' },
    severityToggles(perSeverity, (selected) => {
      state.severities = new Set(selected);
      apply();
    }),
    selectField({
      label: 'Fix',
      name: 'fix',
      options: [
        ['all', 'Any'],
        ['fixed', `Fixable (${count(fixable)})`],
        ['not-fixed', `Not fixed (${count(rows.length - fixable)})`],
      ],
      onChange: (value) => {
        state.fix = value;
        apply();
      },
    }),
    packageTypeSelect({
      perType,
      name: 'packageType',
      onChange: (value) => {
        state.type = value;
        apply();
      },
    }),
    searchBox({
      label: 'Search vulnerabilities',
      placeholder: 'Search CVE, alias or package  ( / )',
      onInput: (text) => {
        state.needle = text;
        apply();
      },
    }),
  );
  paintStatus(rows.length);
  afterPaint(() => performance.measure('scout:vulns-rendered', { start: 'scout:image-start' }));
  return h('div', { class: 'vulns-view' }, toolbar, status, table.element);
}
