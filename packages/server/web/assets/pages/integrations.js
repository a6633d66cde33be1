// @ts-check
/**
 * The organization's integrations: connection status and why, when it was last checked, and the health of its
 * Event Grid webhook. The webhook URL carries a secret and is never shown, only that events arrive.
 */
import { get, getAll } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { count, integrationStatusBadge, plural, relativeTime, timeEl } from '../lib/format.js';
import { paths } from '../lib/router.js';

/** @typedef {import('../types.js').Integration} Integration */
/** @typedef {import('../types.js').VulnDbStatus} VulnDbStatus */

/** @param {import('../app.js').PageContext} ctx */
export async function renderIntegrations({ root, signal, setTitle, setCrumbs, identity }) {
  setTitle('Integrations');
  setCrumbs([{ label: 'Integrations' }]);
  const list = h('div', { class: 'cards', 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading integrations…'));
  const dbLine = h('p', { class: 'db-status muted' });
  const subtitle = h('p', { class: 'muted' }, `Azure Container Registries of ${identity.organization}`);
  replace(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Integrations'), subtitle), dbLine),
    list,
  );
  const [integrations, db] = await Promise.all([
    getAll('/v1/integrations', {}, signal),
    /** @type {Promise<VulnDbStatus | null>} */ (get('/v1/vulndb', undefined, signal).catch(() => null)),
  ]);
  replace(dbLine, databaseLine(db));
  list.removeAttribute('aria-busy');
  if (integrations.length === 0) {
    replace(
      list,
      h(
        'div',
        { class: 'panel empty-state' },
        h('h2', null, 'No integrations yet'),
        h(
          'p',
          null,
          'Connect a registry with ',
          h('code', null, 'scout-acr apply'),
          ' or the API (',
          h('code', null, 'POST /v1/integrations'),
          '), then come back here.',
        ),
      ),
    );
    return;
  }
  replace(
    list,
    integrations.map((integration) => integrationCard(/** @type {Integration} */ (integration))),
  );
}

/** @param {VulnDbStatus | null} db */
function databaseLine(db) {
  if (!db) return '';
  if (!db.present || !db.importedAt) return 'No vulnerability database loaded yet';
  return [
    'Vulnerability database: ',
    h('span', { title: db.importedAt }, `imported ${relativeTime(db.importedAt)}`),
    `, ${plural(db.records, 'record')}`,
  ];
}

/** @param {Integration} integration */
function integrationCard(integration) {
  const health = integration.webhookHealth;
  const titleId = `integration-${integration.id}`;
  return h(
    'article',
    { class: 'card integration', 'aria-labelledby': titleId },
    h(
      'header',
      { class: 'card-head' },
      h(
        'div',
        null,
        h('h2', { id: titleId }, h('a', { href: paths.integration(integration.id) }, integration.name)),
        integration.name === integration.loginServer ? null : h('p', { class: 'mono muted' }, integration.loginServer),
      ),
      integrationStatusBadge(integration.status),
    ),
    integration.statusReason
      ? h(
          'p',
          { class: `reason ${integration.status === 'FAILED' ? 'reason-bad' : ''}`.trim() },
          integration.statusReason,
        )
      : null,
    h(
      'dl',
      { class: 'stats' },
      stat('Last checked', timeEl(integration.lastCheckedAt)),
      stat('Last event', timeEl(health?.lastEventAt, 'none yet')),
      stat('Last handshake', timeEl(health?.lastHandshakeAt, 'none yet')),
      stat('Events in 24 h', health ? count(health.eventsLast24h) : '—'),
      stat(
        'Dead jobs',
        health ? h('span', { class: health.deadJobs > 0 ? 'warn-text' : null }, count(health.deadJobs)) : '—',
      ),
    ),
    h(
      'footer',
      { class: 'card-foot muted' },
      h('span', { class: 'dot' + (health?.lastEventAt ? ' dot-ok' : ''), 'aria-hidden': 'true' }),
      'Event Grid webhook configured',
      h(
        'a',
        { href: paths.integration(integration.id), class: 'more', 'aria-label': `Repositories of ${integration.name}` },
        'Repositories →',
      ),
    ),
  );
}

/** @param {string} label @param {import('../lib/dom.js').Child} value */
function stat(label, value) {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}
