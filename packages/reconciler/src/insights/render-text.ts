/** Terminal renderings of the insight commands (pure: data and a painter in, text out). */
import type { Image, ImagePackage, Severity, Vulnerability } from '@scout-acr/sdk/client';
import type { ImageDiff } from './compare.js';
import { countSeverities, groupByPackage, severityLine } from './group.js';
import { type Paint, renderFields, renderTable } from './table.js';

/** The quickview facts of one image. */
export interface QuickviewFacts {
  reference: string;
  image: Image;
  platform: string;
  /** Seconds since the newest record of the vulnerability database; undefined without a database. */
  dbAgeSeconds?: number | undefined;
  dbAgeText?: string | undefined;
}

/** Colours each part of `1C 2H 8M 0L` by its severity. */
export function paintedSeverityLine(counts: Record<Severity, number> | null | undefined, paint: Paint): string {
  if (!counts) return 'not matched yet (no vulnerability database)';
  const parts: Array<[Severity, string]> = [
    ['critical', 'C'],
    ['high', 'H'],
    ['medium', 'M'],
    ['low', 'L'],
  ];
  if (counts.unspecified > 0) parts.push(['unspecified', 'U']);
  return parts.map(([s, letter]) => paint.severity(s, `${counts[s]}${letter}`)).join(' ');
}

function imageFields(facts: QuickviewFacts, paint: Paint): Array<[string, string]> {
  const { image } = facts;
  return [
    ['Image', paint.bold(facts.reference)],
    ['Platform', facts.platform],
    ['Digest', image.digest],
    ['Vulnerabilities', paintedSeverityLine(image.vulnerabilities, paint)],
    ['Packages', image.packageCount === null ? 'not analyzed' : String(image.packageCount)],
    ['Analyzed at', image.analyzedAt ?? 'not analyzed'],
  ];
}

/** `quickview`: the image, then its base image when one was identified. */
export function renderQuickview(
  target: QuickviewFacts,
  base: QuickviewFacts | undefined,
  baseNote: string,
  paint: Paint,
): string {
  const fields = imageFields(target, paint);
  fields.push(['Database age', target.dbAgeText ?? 'no vulnerability database']);
  let out = `${renderFields(fields)}\n`;
  if (base) {
    out += `${paint.bold('Base image')} (shares its first ${base.image.layers.length} of ${target.image.layers.length} layers)\n`;
    out += renderFields(imageFields(base, paint));
  } else {
    out += `${paint.dim(`Base image: ${baseNote}`)}\n`;
  }
  return out;
}

/** The fix column: the first fixed version or `not fixed`. */
export function fixText(v: Vulnerability): string {
  return v.fixedVersions.length > 0 ? v.fixedVersions.join(', ') : 'not fixed';
}

/** `cves` as text: a summary line, then one block per package with an aligned table of its findings. */
export function renderCvesText(reference: string, findings: readonly Vulnerability[], paint: Paint): string {
  const counts = countSeverities(findings);
  const groups = groupByPackage(findings);
  let out = `${paint.bold(reference)}\n`;
  out += `${findings.length} vulnerabilities (${severityLine(counts)}) in ${groups.length} packages\n`;
  for (const group of groups) {
    out += `\n${paint.bold(`${group.name} ${group.version}`)}  ${paint.dim(`${group.type}  ${group.purl}`)}\n`;
    const rows = group.findings.map((v) => [
      v.id,
      paint.severity(v.severity, v.severity.toUpperCase()),
      v.score === undefined ? '-' : v.score.toFixed(1),
      v.affectedRanges.length > 0 ? v.affectedRanges.join(' || ') : '-',
      v.fixedVersions.length > 0 ? paint.green(`fixed in ${fixText(v)}`) : paint.red('not fixed'),
      v.url,
    ]);
    out += renderTable(rows, ['ID', 'SEVERITY', 'CVSS', 'AFFECTED', 'FIX', 'LINK'].map(paint.dim), '  ');
    for (const v of group.findings) if (v.vector) out += paint.dim(`  ${v.id} vector ${v.vector}\n`);
  }
  return out;
}

/** `sbom --format list`: one aligned row per package. */
export function renderPackageList(packages: readonly ImagePackage[], paint: Paint): string {
  const rows = [...packages]
    .sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : a.type + a.name > b.type + b.name ? 1 : 0))
    .map((p) => [p.name, p.version, p.type, p.licenses.join(', ') || '-', p.layer.slice(0, 19)]);
  return (
    renderTable(rows, ['NAME', 'VERSION', 'TYPE', 'LICENSES', 'LAYER'].map(paint.dim)) + `${packages.length} packages\n`
  );
}

/** `compare` as text. */
export function renderCompareText(target: string, base: string, diff: ImageDiff, paint: Paint): string {
  let out = `${paint.bold(target)}\n  compared to ${base}\n\n`;
  const { packages: p, vulnerabilities: v } = diff;
  out += `Packages: ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed\n`;
  const pkgRows = [
    ...p.added.map((x) => [paint.green('+'), x.name, '', x.version, x.type]),
    ...p.removed.map((x) => [paint.red('-'), x.name, x.version, '', x.type]),
    ...p.changed.map((x) => ['~', x.name, x.from, x.to, x.type]),
  ];
  if (pkgRows.length > 0) out += renderTable(pkgRows, ['', 'PACKAGE', 'FROM', 'TO', 'TYPE'].map(paint.dim), '  ');
  out += `\nVulnerabilities: ${v.added.length} added, ${v.removed.length} removed, ${v.changed.length} changed\n`;
  const vulnRows = [
    ...v.added.map((x) => [
      paint.red('+'),
      x.id,
      paint.severity(x.severity, x.severity.toUpperCase()),
      x.package.name,
      fixText(x),
    ]),
    ...v.removed.map((x) => [
      paint.green('-'),
      x.id,
      paint.severity(x.severity, x.severity.toUpperCase()),
      x.package.name,
      fixText(x),
    ]),
    ...v.changed.map((x) => [
      '~',
      x.id,
      `${x.from.severity.toUpperCase()} → ${x.to.severity.toUpperCase()}`,
      x.package,
      x.to.fixedVersions.join(', ') || 'not fixed',
    ]),
  ];
  if (vulnRows.length > 0) out += renderTable(vulnRows, ['', 'ID', 'SEVERITY', 'PACKAGE', 'FIX'].map(paint.dim), '  ');
  return out;
}
