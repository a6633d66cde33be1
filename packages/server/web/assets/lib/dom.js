// @ts-check
/**
 * DOM building without innerHTML: every string becomes a text node, so image labels, package names and other data
 * from registries can never become markup. Attributes go through setAttribute, never `style=` (the CSP forbids
 * inline styles; classes carry the look).
 */

/** @typedef {string | number | Node | null | undefined | false} Child */
/** @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Props */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @param {Element} el
 * @param {Props | null | undefined} props
 */
function applyProps(el, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'style') {
      throw new Error('inline styles are blocked by the CSP: use a class');
    } else {
      el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
    }
  }
}

/**
 * @param {Node} parent
 * @param {ReadonlyArray<Child | ReadonlyArray<Child>>} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/**
 * An HTML element: `h('a', { href: '/', class: 'link' }, 'Home')`. Props starting with `on` are listeners.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...(Child | ReadonlyArray<Child>)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

/**
 * An SVG element.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...(Child | ReadonlyArray<Child>)} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, props, ...children) {
  const el = /** @type {SVGElementTagNameMap[K]} */ (document.createElementNS(SVG_NS, tag));
  applyProps(el, props);
  append(el, children);
  return el;
}

/**
 * Replaces the children of `el`.
 * @param {Element} el
 * @param {...(Child | ReadonlyArray<Child>)} children
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * An external link for data from advisories: only http(s) URLs become links (no `javascript:`), opened without
 * a referrer.
 * @param {string} url
 * @param {Child} label
 */
export function externalLink(url, label) {
  let safe = false;
  try {
    const parsed = new URL(url);
    safe = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    safe = false;
  }
  if (!safe) return h('span', null, label);
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'external' }, label);
}

/** A unique id for aria references. */
let nextId = 0;
/** @param {string} prefix */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Text only screen readers read. @param {string} text */
export function srOnly(text) {
  return h('span', { class: 'sr-only' }, text);
}
