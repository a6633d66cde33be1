// @ts-check
/** The 404 page: for unknown paths and for integrations or images the organization does not have. */
import { h, replace } from '../lib/dom.js';
import { paths } from '../lib/router.js';

/** @param {import('../app.js').PageContext} ctx */
export function renderNotFound({ root, setTitle, setCrumbs }) {
  setTitle('Not found');
  setCrumbs([{ label: 'Integrations', href: paths.integrations() }, { label: 'Not found' }]);
  replace(
    root,
    h(
      'div',
      { class: 'panel not-found' },
      h('p', { class: 'big-code', 'aria-hidden': 'true' }, '404'),
      h('h1', null, 'Not found'),
      h(
        'p',
        { class: 'muted' },
        'There is nothing at this address in your organization. The integration or image may have been deleted, ' +
          'or it belongs to another organization.',
      ),
      h('a', { href: paths.integrations(), class: 'button' }, 'Back to integrations'),
    ),
  );
}
