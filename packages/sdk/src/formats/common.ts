/**
 * Helpers shared by the renderers: input checks, stable ordering, derived identifiers. All pure.
 * `node:crypto` is used only to hash strings into stable identifiers (no I/O).
 */
import { createHash } from 'node:crypto';
import { FormatInputError } from './errors.js';
import type { FindingSeverity, FormatInput, SbomPackage, VulnerabilityFinding } from './model.js';

/** Tool name written into every document. */
export const TOOL_NAME = 'scout-acr';
/** Project home, used where a format asks for the tool's information URI. */
export const TOOL_URL = 'https://github.com/scout-acr/scout-acr';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Severity order, most severe first. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'unspecified'];

/** A checked, normalised copy of the input with everything sorted so output never depends on input order. */
export interface NormalizedInput {
  input: FormatInput;
  digestHex: string;
  /** `YYYY-MM-DDTHH:MM:SSZ` (second precision, UTC): the strictest form any of the formats accepts. */
  timestamp: string;
  toolVersion: string;
  tags: string[];
  packages: SbomPackage[];
  findings: VulnerabilityFinding[];
}

/** Validates and normalises renderer input. Throws {@link FormatInputError} on unusable input. */
export function normalizeInput(input: FormatInput): NormalizedInput {
  if (!DIGEST.test(input.image.digest)) {
    throw new FormatInputError(
      `image digest must look like sha256:<64 hex>, got ${JSON.stringify(input.image.digest)}`,
    );
  }
  const time = Date.parse(input.generatedAt);
  if (Number.isNaN(time)) {
    throw new FormatInputError(`generatedAt is not an ISO 8601 time: ${JSON.stringify(input.generatedAt)}`);
  }
  const packages = dedupe(input.packages, packageKey).sort(comparePackages);
  const findings = dedupe(input.findings ?? [], (f) => `${f.id}\u0000${f.packagePurl}`).sort(compareFindings);
  return {
    input,
    digestHex: input.image.digest.slice('sha256:'.length),
    timestamp: `${new Date(time).toISOString().slice(0, 19)}Z`,
    toolVersion: input.toolVersion ?? '0.0.0',
    tags: [...new Set(input.image.tags)].sort(compareStrings),
    packages,
    findings,
  };
}

/** Locale-independent string comparison (never `localeCompare`: output must not depend on the machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function packageKey(p: SbomPackage): string {
  return `${p.purl}\u0000${p.location ?? ''}\u0000${p.layerDiffId ?? ''}`;
}

function comparePackages(a: SbomPackage, b: SbomPackage): number {
  return compareStrings(packageKey(a), packageKey(b));
}

function compareFindings(a: VulnerabilityFinding, b: VulnerabilityFinding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1) ||
    compareStrings(a.id, b.id) ||
    compareStrings(a.packagePurl, b.packagePurl)
  );
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** Hex SHA-256 of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A name-based UUID (RFC 9562 version 8 layout, SHA-256 of the name) — the same name always gives the same UUID. */
export function uuidFromName(name: string): string {
  const hex = sha256Hex(name).slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `contoso.azurecr.io/team/api` */
export function imageName(input: FormatInput): string {
  return `${input.image.loginServer}/${input.image.repository}`;
}

/** `contoso.azurecr.io/team/api@sha256:…` */
export function imageReference(input: FormatInput): string {
  return `${imageName(input)}@${input.image.digest}`;
}

/** `linux/amd64` or `linux/arm64/v8`, when the platform is known. */
export function platformString(input: FormatInput): string | undefined {
  const p = input.image.platform;
  if (p === undefined) return undefined;
  return [p.os, p.architecture, p.variant].filter((s) => s !== undefined && s !== '').join('/');
}

/**
 * The image's package URL (purl type `oci`): name = last path segment, version = digest,
 * qualifiers in alphabetical order as the purl spec requires.
 */
export function imagePurl(input: FormatInput, tag?: string): string {
  const { image } = input;
  const name = (image.repository.split('/').pop() ?? image.repository).toLowerCase();
  const qualifiers: [string, string][] = [];
  if (image.platform !== undefined) qualifiers.push(['arch', image.platform.architecture]);
  qualifiers.push(['repository_url', imageName(input).toLowerCase()]);
  if (tag !== undefined) qualifiers.push(['tag', tag]);
  const query = qualifiers.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2F/g, '/')}`).join('&');
  return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(image.digest)}?${query}`;
}

/** Index packages by purl (the first one wins when a purl appears at several locations). */
export function packagesByPurl(packages: readonly SbomPackage[]): Map<string, SbomPackage> {
  const byPurl = new Map<string, SbomPackage>();
  for (const p of packages) if (!byPurl.has(p.purl)) byPurl.set(p.purl, p);
  return byPurl;
}

/** Where a vulnerability id comes from, with the advisory page of that source. */
export function vulnerabilitySource(id: string): { name: string; url: string } {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (/^GHSA-/i.test(id)) return { name: 'GitHub', url: `https://github.com/advisories/${id}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` };
}

/** The advisory URL of a finding: its own, or the source's page. */
export function findingUrl(finding: VulnerabilityFinding): string {
  return finding.url ?? vulnerabilitySource(finding.id).url;
}

/** Fixed versions as a sentence fragment. */
export function fixedVersionsText(finding: VulnerabilityFinding): string | undefined {
  return finding.fixedVersions.length === 0 ? undefined : [...finding.fixedVersions].join(', ');
}
