// @ts-check
/**
 * One integration: its repositories (every page of the catalog), each with its activation toggle (admins; viewers
 * see it disabled and why) and its latest image with severity counts. A filter box narrows the list by name.
 */
import { ApiError, get, getAll, integrationPath, post } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import {
  compareCounts,
  count,
  imageStatusBadge,
  integrationStatusBadge,
  severityChips,
  shortDigest,
  timeEl,
} from '../lib/format.js';
import { paths } from '../lib/router.js';
import { byText, dataTable } from '../lib/table.js';
import { searchBox } from './widgets.js';

/** @typedef {import('../types.js').Integration} Integration */
/** @typedef {import('../types.js').Repository} Repository */

/** @param {import('../app.js').PageContext} ctx */
export async function renderIntegration({ root, route, signal, setTitle, setCrumbs, identity }) {
  const id = route.params.id ?? '';
  setCrumbs([{ label: 'Integrations', href: paths.integrations() }, { label: '…' }]);
  replace(root, h('p', { class: 'loading' }, 'Loading repositories…'));
  const [integration, repositories] = await Promise.all([
    /** @type {Promise<Integration>} */ (get(integrationPath(id), undefined, signal)),
    /** @type {Promise<Repository[]>} */ (
      getAll(integrationPath(id, '/repositories'), {}, signal).catch((error) => {
        if (error instanceof ApiError && error.status === 502) return error;
        throw error;
      })
    ),
  ]);
  setTitle(integration.name);
  setCrumbs([{ label: 'Integrations', href: paths.integrations() }, { label: integration.name }]);
  const isAdmin = identity.role === 'admin';

  const head = h(
    'div',
    { class: 'page-head' },
    h(
      'div',
      null,
      h('h1', null, integration.name, ' ', integrationStatusBadge(integration.status)),
      integration.name === integration.loginServer ? null : h('p', { class: 'mono muted' }, integration.loginServer),
      integration.statusReason ? h('p', { class: 'reason' }, integration.statusReason) : null,
    ),
  );
  if (repositories instanceof ApiError) {
    replace(
      root,
      head,
      h(
        'div',
        { class: 'panel error-panel', role: 'alert' },
        h('h2', null, 'Catalog unavailable'),
        repositories.message,
      ),
    );
    return;
  }

  const message = h('p', { class: 'toast', role: 'status', 'aria-live': 'polite' });
  const viewerNote = isAdmin
    ? null
    : h(
        'p',
        { class: 'note', id: 'viewer-note' },
        'You are signed in with a viewer key: activation can only be changed with an admin key.',
      );

  /** @param {Repository} repo */
  function toggle(repo) {
    const button = h(
      'button',
      {
        type: 'button',
        role: 'switch',
        class: 'switch',
        'aria-checked': String(repo.active),
        'aria-label': `Analyze ${repo.name}`,
        disabled: !isAdmin,
        title: isAdmin ? null : 'Only admins can change activation',
        'aria-describedby': isAdmin ? null : 'viewer-note',
        'data-repository': repo.name,
      },
      h('span', { class: 'knob', 'aria-hidden': 'true' }),
    );
    const label = h('span', { class: 'switch-label', 'aria-hidden': 'true' }, repo.active ? 'Active' : 'Off');
    let pending = false;
    button.addEventListener('click', async () => {
      // Not `disabled` while the request runs: a disabled button drops keyboard focus.
      if (pending) return;
      pending = true;
      const next = !repo.active;
      button.setAttribute('aria-busy', 'true');
      try {
        await post(integrationPath(id, next ? '/repositories/activate' : '/repositories/deactivate'), {
          names: [repo.name],
        });
        repo.active = next;
        button.setAttribute('aria-checked', String(next));
        label.textContent = next ? 'Active' : 'Off';
        message.textContent = `${repo.name} ${next ? 'activated: its latest image is queued for analysis' : 'deactivated'}.`;
      } catch (error) {
        message.textContent = `Could not change ${repo.name}: ${error instanceof Error ? error.message : error}`;
      } finally {
        pending = false;
        button.removeAttribute('aria-busy');
      }
    });
    return h('span', { class: 'switch-cell' }, button, label);
  }

  const table = dataTable({
    label: `Repositories of ${integration.name}`,
    items: repositories,
    empty: 'No repository matches the filter.',
    className: 'repos cols-repos',
    initialSort: { key: 'name', direction: 'ascending' },
    columns: [
      {
        key: 'name',
        label: 'Repository',
        compare: (a, b) => byText(a.name, b.name),
        cell: (repo) => [
          h('a', { href: paths.repository(id, repo.name), class: 'strong' }, repo.name),
          repo.inCatalog
            ? null
            : h('span', { class: 'tag muted', title: 'Activated but gone from the catalog' }, 'not in catalog'),
        ],
      },
      {
        key: 'active',
        label: 'Analysis',
        compare: (a, b) => Number(a.active) - Number(b.active),
        firstDirection: 'descending',
        cell: toggle,
      },
      {
        key: 'latest',
        label: 'Latest image',
        compare: (a, b) => byText(a.latestImage?.recordedAt ?? '', b.latestImage?.recordedAt ?? ''),
        firstDirection: 'descending',
        cell: (repo) => {
          const img = repo.latestImage;
          if (!img) return h('span', { class: 'muted' }, 'no image yet');
          return [
            h(
              'a',
              { href: paths.image(id, img.digest, repo.name), class: 'mono' },
              img.tags.length > 0 ? img.tags.slice(0, 3).join(', ') : shortDigest(img.digest),
            ),
            img.tags.length > 3 ? h('span', { class: 'muted' }, ` +${img.tags.length - 3}`) : null,
            ' ',
            img.status === 'ANALYZED' ? null : imageStatusBadge(img.status),
          ];
        },
      },
      {
        key: 'vulnerabilities',
        label: 'Vulnerabilities',
        compare: (a, b) => compareCounts(a.latestImage?.vulnerabilities, b.latestImage?.vulnerabilities),
        firstDirection: 'descending',
        cell: (repo) => severityChips(repo.latestImage?.vulnerabilities),
      },
      {
        key: 'analyzed',
        label: 'Analyzed',
        compare: (a, b) => byText(a.latestImage?.analyzedAt ?? '', b.latestImage?.analyzedAt ?? ''),
        firstDirection: 'descending',
        cell: (repo) => timeEl(repo.latestImage?.analyzedAt, repo.latestImage ? 'not yet' : '—'),
      },
    ],
  });

  const active = repositories.filter((r) => r.active).length;
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const paintSummary = (/** @type {number} */ shown) => {
    summary.textContent =
      shown === repositories.length
        ? `${count(repositories.length)} repositories, ${count(active)} analyzed`
        : `Showing ${count(shown)} of ${count(repositories.length)} repositories`;
  };
  paintSummary(repositories.length);
  const filter = searchBox({
    label: 'Filter repositories',
    placeholder: 'Filter by name  ( / )',
    onInput: (text) => {
      const needle = text.trim().toLowerCase();
      paintSummary(table.filter(needle ? (repo) => repo.name.toLowerCase().includes(needle) : null));
    },
  });

  replace(
    root,
    head,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'repos-title' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'repos-title' }, 'Repositories'), summary),
      viewerNote,
      h('div', { class: 'toolbar' }, filter),
      message,
      table.element,
    ),
  );
}
