// @ts-check
/** Form controls the pages share: the search box (`/` focuses it), selects and the severity toggles. */
import { h, uid } from '../lib/dom.js';
import { count, SEVERITIES, SEVERITY_LABEL } from '../lib/format.js';
import { byText } from '../lib/table.js';

/** Typing pauses this long before a filter runs: one filter per burst of keys, still well under 100 ms. */
export const SEARCH_DEBOUNCE_MS = 50;

/**
 * A labelled search input that calls `onInput` once typing pauses. `data-search` makes it the target of `/`.
 * @param {object} options
 * @param {string} options.label
 * @param {string} options.placeholder
 * @param {(text: string) => void} options.onInput
 */
export function searchBox({ label, placeholder, onInput }) {
  const id = uid('search');
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const input = h('input', {
    id,
    type: 'search',
    class: 'search',
    placeholder,
    autocomplete: 'off',
    spellcheck: 'false',
    'data-search': '',
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => onInput(input.value), SEARCH_DEBOUNCE_MS);
  });
  // Enter applies at once (no wait); Escape clears.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      clearTimeout(timer);
      onInput(input.value);
    } else if (event.key === 'Escape' && input.value) {
      input.value = '';
      clearTimeout(timer);
      onInput('');
    }
  });
  return h('div', { class: 'field search-field' }, h('label', { for: id, class: 'sr-only' }, label), input);
}

/**
 * A labelled select.
 * @param {object} options
 * @param {string} options.label
 * @param {Array<[string, string]>} options.options value and text
 * @param {(value: string) => void} options.onChange
 * @param {string} [options.name]
 */
export function selectField({ label, options, onChange, name }) {
  const id = uid('select');
  const select = h(
    'select',
    { id, name },
    options.map(([value, text]) => h('option', { value }, text)),
  );
  select.addEventListener('change', () => onChange(select.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), select);
}

/**
 * Toggle buttons, one per severity, with the count of each; none pressed means every severity.
 * @param {Record<import('../types.js').Severity, number>} counts
 * @param {(selected: Set<import('../types.js').Severity>) => void} onChange
 */
export function severityToggles(counts, onChange) {
  /** @type {Set<import('../types.js').Severity>} */
  const selected = new Set();
  const group = h('div', { class: 'sev-toggles', role: 'group', 'aria-label': 'Filter by severity' });
  for (const severity of SEVERITIES) {
    if (severity === 'unspecified' && counts.unspecified === 0) continue;
    const button = h(
      'button',
      {
        type: 'button',
        class: `sev-toggle sev-${severity}`,
        'aria-pressed': 'false',
        'data-severity': severity,
      },
      h('span', { class: 'swatch', 'aria-hidden': 'true' }),
      SEVERITY_LABEL[severity],
      h('span', { class: 'n' }, count(counts[severity])),
    );
    button.addEventListener('click', () => {
      if (selected.has(severity)) selected.delete(severity);
      else selected.add(severity);
      button.setAttribute('aria-pressed', String(selected.has(severity)));
      onChange(selected);
    });
    group.appendChild(button);
  }
  return group;
}

/**
 * The "Type" filter of the vulnerabilities and packages views: every package type present, with its count.
 * @param {{ perType: Map<string, number>, name: string, onChange: (value: string) => void }} options
 */
export function packageTypeSelect({ perType, name, onChange }) {
  return selectField({
    label: 'Type',
    name,
    options: [
      ['', 'All types'],
      .../** @type {Array<[string, string]>} */ (
        [...perType.entries()].sort(([a], [b]) => byText(a, b)).map(([t, n]) => [t, `${t} (${count(n)})`])
      ),
    ],
    onChange,
  });
}
