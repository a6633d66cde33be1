// @ts-check
/**
 * The history of an image: each analysis and each re-match after a database change, newest first, with the
 * counts after it and the findings it added and resolved.
 */
import { h } from '../lib/dom.js';
import { absoluteTime, count, severityChips, timeEl } from '../lib/format.js';

/** @typedef {import('../types.js').ImageHistoryEntry} ImageHistoryEntry */
/** @typedef {import('../types.js').ImageHistoryEntry['added'][number]} FindingRef */

/** @param {ImageHistoryEntry[]} entries newest first */
export function historyView(entries) {
  if (entries.length === 0) return h('p', { class: 'muted' }, 'This image has not been matched yet.');
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((entry) =>
      h(
        'li',
        { class: `event event-${entry.kind}` },
        h('span', { class: 'event-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'event-head' },
          h('strong', null, entry.kind === 'analysis' ? 'Analysis' : 'Re-match'),
          ' ',
          timeEl(entry.at),
          h(
            'span',
            { class: 'muted' },
            entry.dbVersion ? ` · database of ${absoluteTime(entry.dbVersion)}` : ' · no vulnerability database',
          ),
        ),
        h(
          'div',
          { class: 'event-body' },
          severityChips(entry.vulnerabilities),
          h('span', { class: `delta ${entry.addedCount > 0 ? 'added' : 'none'}` }, `+${count(entry.addedCount)} added`),
          h(
            'span',
            { class: `delta ${entry.resolvedCount > 0 ? 'resolved' : 'none'}` },
            `−${count(entry.resolvedCount)} resolved`,
          ),
        ),
        entry.added.length + entry.resolved.length > 0
          ? h(
              'details',
              { class: 'event-details' },
              h('summary', null, 'Findings'),
              findingList('Added', entry.added, entry.addedCount),
              findingList('Resolved', entry.resolved, entry.resolvedCount),
            )
          : null,
      ),
    ),
  );
}

/**
 * @param {string} title
 * @param {FindingRef[]} findings
 * @param {number} total
 */
function findingList(title, findings, total) {
  if (findings.length === 0) return null;
  return h(
    'div',
    { class: 'finding-list' },
    h('h3', null, title),
    h(
      'ul',
      null,
      findings.map((f) =>
        h(
          'li',
          null,
          f.severity ? h('span', { class: `sev-dot sev-${f.severity}`, title: f.severity }) : null,
          h('span', { class: 'mono' }, f.id),
          h('span', { class: 'muted' }, ` in ${f.package}`),
        ),
      ),
    ),
    total > findings.length ? h('p', { class: 'muted' }, `and ${count(total - findings.length)} more`) : null,
  );
}
