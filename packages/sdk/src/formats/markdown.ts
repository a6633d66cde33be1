/**
 * Markdown for a pull-request comment (GitHub-flavoured): a one-line severity summary, then a table of
 * vulnerabilities grouped by package, most severe first; rows beyond `maxRows` fold into `<details>`.
 * Every piece of advisory text is escaped so that it cannot break the table or inject HTML.
 */
import { compareStrings, findingUrl, imageName, normalizeInput, packagesByPurl, SEVERITY_ORDER } from './common.js';
import { escapeMarkdownText } from './markdown-escape.js';
import type { FindingSeverity, FormatInput, VulnerabilityFinding } from './model.js';

/** Options for {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Rows shown before the rest fold into a collapsible section (default 20). */
  maxRows?: number;
  /** Heading text (default `scout-acr: <image>`). */
  title?: string;
}

/** Counts per severity. */
export type SeverityCounts = Record<FindingSeverity, number>;

/** Counts findings per severity. */
export function countBySeverity(findings: readonly VulnerabilityFinding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, unspecified: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** `1C 2H 8M 0L` (plus `3U` when some findings have no severity) — the `docker scout` summary style. */
export function severitySummary(counts: SeverityCounts): string {
  const text = `${counts.critical}C ${counts.high}H ${counts.medium}M ${counts.low}L`;
  return counts.unspecified > 0 ? `${text} ${counts.unspecified}U` : text;
}

const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  unspecified: 'UNSPECIFIED',
};

const HEADER = '| Package | Vulnerability | Severity | CVSS | Fixed version |\n|---|---|---|---|---|';

/** Renders the pull-request comment. */
export function renderMarkdown(input: FormatInput, options: MarkdownOptions = {}): string {
  const n = normalizeInput(input);
  const maxRows = Math.max(0, Math.floor(options.maxRows ?? 20));
  const tag = n.tags.includes('latest') ? 'latest' : n.tags[0];
  const image = `${imageName(input)}${tag === undefined ? '' : `:${tag}`}`;
  const title = options.title ?? `scout-acr: ${image}`;
  const lines = [`### ${escapeMarkdownText(title)}`, ''];
  const counts = countBySeverity(n.findings);
  const packages = packagesByPurl(n.packages);
  const affected = new Set(n.findings.map((f) => f.packagePurl));
  lines.push(
    `**${severitySummary(counts)}** — ${n.findings.length} ${plural(n.findings.length, 'vulnerability', 'vulnerabilities')} in ${affected.size} of ${packages.size} ${plural(packages.size, 'package', 'packages')}`,
    '',
    `Image \`${input.image.digest}\`${platform(input)}`,
    '',
  );
  if (n.findings.length === 0) {
    lines.push('No known vulnerabilities.');
    return `${lines.join('\n')}\n`;
  }
  const rows = groupedRows(n.findings, packages);
  const shown = rows.slice(0, maxRows);
  const folded = rows.slice(maxRows);
  if (shown.length > 0) lines.push(HEADER, ...shown, '');
  if (folded.length > 0) {
    lines.push(
      '<details>',
      `<summary>${folded.length} more ${plural(folded.length, 'vulnerability', 'vulnerabilities')}</summary>`,
      '',
      HEADER,
      ...folded,
      '',
      '</details>',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Table rows grouped by package. Packages are ordered by their worst finding (severity, then CVSS score),
 * then name; the package cell is filled on a group's first row only.
 */
function groupedRows(
  findings: readonly VulnerabilityFinding[],
  packages: ReadonlyMap<string, { name: string; version: string }>,
): string[] {
  const groups = new Map<string, VulnerabilityFinding[]>();
  for (const f of findings) groups.set(f.packagePurl, [...(groups.get(f.packagePurl) ?? []), f]);
  const rank = (fs: VulnerabilityFinding[]): number => Math.min(...fs.map((f) => SEVERITY_ORDER.indexOf(f.severity)));
  const label = (purl: string): string => {
    const p = packages.get(purl);
    return p === undefined ? purl : `${p.name} ${p.version}`;
  };
  const score = (fs: VulnerabilityFinding[]): number => Math.max(...fs.map((f) => f.cvss?.score ?? -1));
  const ordered = [...groups.entries()].sort(
    ([a, fa], [b, fb]) =>
      rank(fa) - rank(fb) || score(fb) - score(fa) || compareStrings(label(a), label(b)) || compareStrings(a, b),
  );
  const rows: string[] = [];
  for (const [purl, group] of ordered) {
    group.forEach((f, i) => {
      const cells = [
        i === 0 ? escapeMarkdownText(label(purl)) : '',
        `[${escapeMarkdownText(f.id)}](${escapeUrl(findingUrl(f))})`,
        SEVERITY_LABEL[f.severity],
        f.cvss === undefined ? '' : f.cvss.score.toFixed(1),
        f.fixedVersions.length > 0 ? escapeMarkdownText(f.fixedVersions.join(', ')) : 'not fixed',
      ];
      rows.push(`| ${cells.join(' | ')} |`);
    });
  }
  return rows;
}

/** Link targets: percent-encode what would end the link or the table cell. */
function escapeUrl(url: string): string {
  return url.replace(/[()|<>\s\\[\]`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function platform(input: FormatInput): string {
  const p = input.image.platform;
  return p === undefined ? '' : ` (${escapeMarkdownText([p.os, p.architecture, p.variant].filter(Boolean).join('/'))})`;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
