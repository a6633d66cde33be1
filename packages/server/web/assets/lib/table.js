// @ts-check
/**
 * A sortable, filterable table for thousands of rows. Each row element is built once, the first time it is shown;
 * a filter or sort change only re-appends existing rows through one DocumentFragment, so it creates no elements.
 *
 * The markup is an ARIA table (`role=table/row/columnheader/cell`) laid out with CSS grid rather than `<table>`:
 * grid rows can carry `content-visibility: auto`, so the browser styles and lays out only the rows near the
 * viewport. Chromium spends ~5× less main-thread time painting 1,000 such rows than a `<table>` of the same
 * cells, whose automatic layout measures every cell (bench/dashboard). Column widths come from the table's
 * class (`cols-<name>` in app.css), the same template for the header and every row.
 */
import { append, h, uid } from './dom.js';

/**
 * @template T
 * @typedef {object} Column
 * @property {string} key
 * @property {string} label
 * @property {(item: T) => import('./dom.js').Child | import('./dom.js').Child[]} cell
 * @property {(a: T, b: T) => number} [compare] ascending order; a column without one is not sortable
 * @property {'ascending' | 'descending'} [firstDirection] direction of the first click (default ascending)
 * @property {string} [className] class of the column's cells
 * @property {boolean} [numeric] right-aligned
 */

/**
 * @template T
 * @typedef {object} DataTable
 * @property {HTMLElement} element
 * @property {(keep: ((item: T) => boolean) | null) => number} filter shows the rows `keep` accepts; returns how many
 * @property {(key: string, direction: 'ascending' | 'descending') => void} sort
 * @property {() => number} visible
 */

/**
 * @template T
 * @param {object} options
 * @param {string} options.label accessible name of the table and its scroll region
 * @param {Column<T>[]} options.columns
 * @param {T[]} options.items
 * @param {string} options.empty what to say when no row is shown
 * @param {{ key: string, direction: 'ascending' | 'descending' }} [options.initialSort] the items' given order
 * @param {string} options.className `cols-<name>`: the grid template of the columns, in app.css
 * @returns {DataTable<T>}
 */
export function dataTable({ label, columns, items, empty, initialSort, className }) {
  /** @type {Array<{ item: T, index: number, row: HTMLElement | null }>} */
  let entries = items.map((item, index) => ({ item, index, row: null }));
  /** @type {((item: T) => boolean) | null} */
  let keep = null;
  let shown = items.length;
  let current = initialSort ?? null;

  const body = h('div', { role: 'rowgroup', class: 'tbody' });
  const headRow = h('div', { role: 'row', class: 'row head' });
  /** @type {Map<string, HTMLElement>} */
  const headers = new Map();
  for (const column of columns) {
    const th = h('div', { role: 'columnheader', class: cellClass(column) });
    if (column.compare) {
      const button = h(
        'button',
        { type: 'button', class: 'sort', onclick: () => onHeader(column) },
        column.label,
        h('span', { class: 'sort-icon', 'aria-hidden': 'true' }),
      );
      th.appendChild(button);
    } else {
      th.textContent = column.label;
    }
    headers.set(column.key, th);
    headRow.appendChild(th);
  }
  const captionId = uid('table');
  const table = h(
    'div',
    { role: 'table', class: `grid-table ${className}`, 'aria-labelledby': captionId },
    h('div', { role: 'rowgroup', class: 'thead' }, headRow),
    body,
  );
  // A scrollable region must be reachable by keyboard to scroll it (narrow windows).
  const element = h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': captionId },
    h('span', { id: captionId, class: 'sr-only' }, label),
    table,
  );

  /** @param {T} item */
  function buildRow(item) {
    const row = h('div', { role: 'row', class: 'row' });
    for (const column of columns) {
      const cell = h('div', { role: 'cell', class: cellClass(column) });
      const content = column.cell(item);
      append(cell, Array.isArray(content) ? content : [content]);
      row.appendChild(cell);
    }
    return row;
  }

  function render() {
    const fragment = document.createDocumentFragment();
    let n = 0;
    for (const entry of entries) {
      if (keep && !keep(entry.item)) continue;
      if (!entry.row) entry.row = buildRow(entry.item);
      fragment.appendChild(entry.row);
      n += 1;
    }
    if (n === 0) {
      fragment.appendChild(h('div', { role: 'row', class: 'row empty' }, h('div', { role: 'cell' }, empty)));
    }
    body.replaceChildren(fragment);
    shown = n;
  }

  function paintSortState() {
    for (const [key, th] of headers) {
      if (current && current.key === key) th.setAttribute('aria-sort', current.direction);
      else th.removeAttribute('aria-sort');
    }
  }

  /** @param {string} key @param {'ascending' | 'descending'} direction */
  function sort(key, direction) {
    const column = columns.find((c) => c.key === key);
    if (!column?.compare) return;
    const compare = column.compare;
    const sign = direction === 'ascending' ? 1 : -1;
    // Ties keep the API's order (worst first, then by name) in either direction.
    entries = [...entries].sort((a, b) => sign * compare(a.item, b.item) || a.index - b.index);
    current = { key, direction };
    paintSortState();
    render();
  }

  /** @param {Column<T>} column */
  function onHeader(column) {
    const direction =
      current?.key === column.key
        ? current.direction === 'ascending'
          ? 'descending'
          : 'ascending'
        : (column.firstDirection ?? 'ascending');
    sort(column.key, direction);
  }

  paintSortState();
  render();
  return {
    element,
    filter(next) {
      keep = next;
      render();
      return shown;
    },
    sort,
    visible: () => shown,
  };
}

/** @param {{ className?: string, numeric?: boolean }} column */
function cellClass(column) {
  return [column.className, column.numeric ? 'num' : ''].filter(Boolean).join(' ') || null;
}

/** Case-insensitive text order. @param {string} a @param {string} b */
export function byText(a, b) {
  return a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });
}
