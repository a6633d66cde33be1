// @ts-check
/**
 * Sign-in with an API key. The key goes only into the body of `POST /dashboard/session`; the field is cleared
 * once the session exists, and nothing is written to storage or the URL.
 */
import { ApiError } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { navigate, safeNext } from '../lib/router.js';
import { signIn } from '../lib/session.js';

/**
 * @param {object} ctx
 * @param {HTMLElement} ctx.root
 * @param {import('../lib/router.js').Route} ctx.route
 * @param {(title: string) => void} ctx.setTitle
 * @param {() => void} ctx.onSignedIn
 */
export function renderSignIn({ root, route, setTitle, onSignedIn }) {
  setTitle('Sign in');
  const input = h('input', {
    id: 'api-key',
    name: 'apiKey',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    required: true,
    'aria-describedby': 'api-key-help',
  });
  const error = h('p', { class: 'form-error', id: 'signin-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'button primary wide' }, 'Sign in');

  /** @param {Event} event */
  async function onSubmit(event) {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      error.textContent = 'Enter an API key.';
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Signing in…';
    error.textContent = '';
    try {
      await signIn(key);
      input.value = '';
      onSignedIn();
      navigate(safeNext(route.query.get('next')), { replace: true });
    } catch (e) {
      error.textContent = signInError(e);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      input.select();
    } finally {
      button.disabled = false;
      button.textContent = 'Sign in';
    }
  }

  const form = h(
    'form',
    { class: 'signin-form', method: 'post', novalidate: true, onsubmit: onSubmit },
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h(
      'p',
      { id: 'api-key-help', class: 'hint' },
      'Create one with ',
      h('code', null, 'scout-acr-server keys create'),
      '. It is exchanged for a session cookie and not kept in this browser.',
    ),
    error,
    button,
  );
  root.classList.add('signin-page');
  root.appendChild(
    h(
      'section',
      { class: 'signin-card', 'aria-labelledby': 'signin-title' },
      h('img', { src: '/assets/logo.svg', alt: '', width: '44', height: '44', class: 'signin-logo' }),
      h('h1', { id: 'signin-title' }, 'Sign in to Scout ACR'),
      h('p', { class: 'muted' }, 'Vulnerabilities and SBOMs of the images in your Azure Container Registries.'),
      form,
    ),
  );
  input.focus();
}

/** @param {unknown} e */
function signInError(e) {
  if (!(e instanceof ApiError)) return 'Signing in failed. Try again.';
  if (e.status === 401) return 'That API key was not accepted. Check it and try again.';
  if (e.status === 429) {
    const wait = e.retryAfter ? ` in ${e.retryAfter} seconds` : ' later';
    return `Too many failed attempts from this address. Try again${wait}.`;
  }
  return e.message;
}
