// @ts-check
/**
 * Tabs after the WAI-ARIA pattern: Tab reaches the selected tab, arrow keys (and Home/End) move between tabs,
 * Enter/Space or a click selects. Hidden panels stay in the DOM, so a tab switch re-renders nothing.
 */
import { h, uid } from '../lib/dom.js';
import { count } from '../lib/format.js';

/**
 * @param {string} label
 * @param {Array<{ id: string, label: string, panel: HTMLElement }>} items
 */
export function tabs(label, items) {
  const prefix = uid('tabs');
  const list = h('div', { class: 'tablist', role: 'tablist', 'aria-label': label });
  /** @type {Map<string, { tab: HTMLButtonElement, panel: HTMLElement, badge: HTMLElement }>} */
  const byId = new Map();
  const panels = h('div', { class: 'tab-panels' });

  /** @param {string} id @param {boolean} focus */
  function select(id, focus) {
    for (const [key, { tab, panel }] of byId) {
      const on = key === id;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      panel.hidden = !on;
      if (on && focus) tab.focus();
    }
  }

  items.forEach((item, index) => {
    const badge = h('span', { class: 'tab-count' });
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${prefix}-${item.id}`,
        'aria-controls': `${prefix}-${item.id}-panel`,
        'aria-selected': index === 0 ? 'true' : 'false',
        tabindex: index === 0 ? '0' : '-1',
        'data-tab': item.id,
      },
      item.label,
      badge,
    );
    tab.addEventListener('click', () => select(item.id, false));
    tab.addEventListener('keydown', (event) => {
      const ids = items.map((i) => i.id);
      const at = ids.indexOf(item.id);
      const next =
        event.key === 'ArrowRight'
          ? ids[(at + 1) % ids.length]
          : event.key === 'ArrowLeft'
            ? ids[(at - 1 + ids.length) % ids.length]
            : event.key === 'Home'
              ? ids[0]
              : event.key === 'End'
                ? ids[ids.length - 1]
                : undefined;
      if (next) {
        event.preventDefault();
        select(next, true);
      }
    });
    const panel = h(
      'div',
      {
        role: 'tabpanel',
        class: 'tab-panel',
        id: `${prefix}-${item.id}-panel`,
        'aria-labelledby': `${prefix}-${item.id}`,
        'data-panel': item.id,
      },
      item.panel,
    );
    panel.hidden = index !== 0;
    byId.set(item.id, { tab, panel, badge });
    list.appendChild(tab);
    panels.appendChild(panel);
  });

  return {
    element: h('section', { class: 'tabs' }, list, panels),
    /** @param {string} id @param {number} n */
    setCount(id, n) {
      const entry = byId.get(id);
      if (entry) entry.badge.textContent = count(n);
    },
    /** @param {string} id */
    select: (id) => select(id, false),
  };
}
