// @ts-check
/** Formatting of times, digests, severities and statuses, shared by the pages. */
import { h, srOnly } from './dom.js';

/** @typedef {import('../types.js').Severity} Severity */
/** @typedef {import('../types.js').SeverityCounts} SeverityCounts */

/** @type {readonly Severity[]} */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unspecified'];

/** Worst first: the order of the API and of the sort by severity. @type {Record<Severity, number>} */
export const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, unspecified: 0 };

/** @type {Record<Severity, string>} */
export const SEVERITY_LABEL = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  unspecified: 'Unspecified',
};

/** @type {Record<Severity, string>} */
const SEVERITY_LETTER = { critical: 'C', high: 'H', medium: 'M', low: 'L', unspecified: 'U' };

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** `12 Mar 2025, 14:05 UTC`. @param {string} iso */
export function absoluteTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : absolute.format(date);
}

/** `5 minutes ago`. @param {string} iso @param {number} [now] */
export function relativeTime(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 45) return relative.format(Math.round(seconds / 86_400), 'day');
  return absoluteTime(iso);
}

/**
 * A `<time>` that reads relative and shows the exact time on hover; `never` when null.
 * @param {string | null | undefined} iso
 * @param {string} [never]
 */
export function timeEl(iso, never = 'never') {
  if (!iso) return h('span', { class: 'muted' }, never);
  return h('time', { datetime: iso, title: absoluteTime(iso) }, relativeTime(iso));
}

/** `sha256:0123456789ab`. @param {string} digest */
export function shortDigest(digest) {
  const [algo, hex] = digest.split(':');
  return hex ? `${algo}:${hex.slice(0, 12)}` : digest;
}

/** The CLI's `1C 2H 8M 0L` (with `1U` when some are unspecified). @param {SeverityCounts} counts */
export function countsText(counts) {
  const text = `${counts.critical}C ${counts.high}H ${counts.medium}M ${counts.low}L`;
  return counts.unspecified > 0 ? `${text} ${counts.unspecified}U` : text;
}

/**
 * Worse counts sort higher: more critical first, then more high, and so on; not matched yet is lowest.
 * @param {SeverityCounts | null | undefined} a
 * @param {SeverityCounts | null | undefined} b
 */
export function compareCounts(a, b) {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  for (const severity of SEVERITIES) {
    if (a[severity] !== b[severity]) return a[severity] - b[severity];
  }
  return 0;
}

/** @param {SeverityCounts} counts */
export function totalFindings(counts) {
  return counts.critical + counts.high + counts.medium + counts.low + counts.unspecified;
}

/**
 * Severity chips `1C 2H 8M 0L`; screen readers hear the words. `null` counts (not matched yet) show a dash.
 * @param {SeverityCounts | null | undefined} counts
 */
export function severityChips(counts) {
  if (!counts) return h('span', { class: 'muted', title: 'Not matched yet' }, '—');
  const chips = h('span', { class: 'chips', title: countsText(counts) });
  const spoken = [];
  for (const severity of SEVERITIES) {
    const n = counts[severity];
    if (severity === 'unspecified' && n === 0) continue;
    spoken.push(`${n} ${severity}`);
    chips.appendChild(
      h(
        'span',
        { class: `chip sev-${severity}${n === 0 ? ' zero' : ''}`, 'aria-hidden': 'true' },
        `${n}${SEVERITY_LETTER[severity]}`,
      ),
    );
  }
  chips.prepend(srOnly(spoken.join(', ')));
  return chips;
}

/** A severity label with its colour. @param {Severity} severity */
export function severityBadge(severity) {
  return h('span', { class: `sev-badge sev-${severity}` }, SEVERITY_LABEL[severity]);
}

/** @param {'CONNECTED' | 'PENDING' | 'FAILED'} status */
export function integrationStatusBadge(status) {
  const tone = status === 'CONNECTED' ? 'ok' : status === 'FAILED' ? 'bad' : 'wait';
  return h('span', { class: `status status-${tone}` }, status);
}

/** @param {'RECORDED' | 'ANALYZED' | 'FAILED' | 'DELETED'} status */
export function imageStatusBadge(status) {
  const tone = status === 'ANALYZED' ? 'ok' : status === 'FAILED' ? 'bad' : status === 'DELETED' ? 'off' : 'wait';
  return h('span', { class: `status status-${tone}` }, status);
}

/** `1,234`. @param {number} n */
export function count(n) {
  return n.toLocaleString('en-US');
}

/** `3 packages` / `1 package`. @param {number} n @param {string} one @param {string} [many] */
export function plural(n, one, many = `${one}s`) {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** @param {{ os: string, architecture: string, variant?: string | undefined } | null} platform */
export function platformText(platform) {
  if (!platform) return '—';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Bytes in KB/MB. @param {number} bytes */
export function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
