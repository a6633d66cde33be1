/**
 * SARIF 2.1.0 (OASIS) for code-scanning tools, GitHub code scanning in particular: one run, one rule per
 * vulnerability id, one result per (vulnerability, package).
 *
 * GitHub rejects results without `physicalLocation.artifactLocation.uri` and rejects URIs that look like they
 * carry a scheme (an image reference `repo:tag` does), so the location is a repository-relative path — the
 * Dockerfile by default — and the image reference goes in a logical location and the result properties.
 */
import {
  compareStrings,
  findingUrl,
  imageReference,
  normalizeInput,
  packagesByPurl,
  sha256Hex,
  TOOL_NAME,
  TOOL_URL,
} from './common.js';
import { compact, type JsonObject } from './json.js';
import { escapeMarkdownText } from './markdown-escape.js';
import type { FindingSeverity, FormatInput, VulnerabilityFinding } from './model.js';

/** Options for {@link renderSarif}. */
export interface SarifOptions {
  /** Repository-relative path the results point at (default `Dockerfile`). */
  artifactUri?: string;
}

/** SARIF `level` per severity: critical/high fail a check (error), medium warns, the rest are notes. */
export const SARIF_LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  unspecified: 'note',
};

/**
 * `security-severity` when no CVSS score is known: a score inside the band GitHub maps back to the same
 * severity (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
 */
const FALLBACK_SCORE: Record<FindingSeverity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  unspecified: undefined,
};

/** The `security-severity` property GitHub reads: the CVSS base score as a string with one decimal. */
export function securitySeverity(finding: VulnerabilityFinding): string | undefined {
  return finding.cvss === undefined ? FALLBACK_SCORE[finding.severity] : finding.cvss.score.toFixed(1);
}

/** Renders a SARIF 2.1.0 log with one run. */
export function renderSarif(input: FormatInput, options: SarifOptions = {}): JsonObject {
  const n = normalizeInput(input);
  const uri = options.artifactUri ?? 'Dockerfile';
  const ref = imageReference(input);
  const packages = packagesByPurl(n.packages);
  const ruleIds = [...new Set(n.findings.map((f) => f.id))].sort(compareStrings);
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const worstById = new Map<string, VulnerabilityFinding>();
  for (const f of n.findings) if (!worstById.has(f.id)) worstById.set(f.id, f); // findings are sorted worst first
  const rules = ruleIds.map((id) => rule(worstById.get(id) as VulnerabilityFinding));
  const results = n.findings.map((f) => {
    const pkg = packages.get(f.packagePurl);
    const name = pkg?.name ?? f.packagePurl;
    const version = pkg?.version ?? 'unknown';
    const fix =
      f.fixedVersions.length > 0 ? `Fixed in ${f.fixedVersions.join(', ')}.` : 'No fixed version is available.';
    return compact({
      ruleId: f.id,
      ruleIndex: ruleIndex.get(f.id) as number,
      level: SARIF_LEVEL[f.severity],
      message: { text: `Package ${name} ${version} is affected by ${f.id} (${f.severity}). ${fix}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
          },
          logicalLocations: [{ name, fullyQualifiedName: f.packagePurl, kind: 'module' }],
          message: { text: `${ref} contains ${name} ${version}` },
        },
      ],
      // A stable fingerprint lets code scanning track the same alert across runs and images.
      partialFingerprints: {
        'scoutAcrFinding/v1': sha256Hex(`${input.image.repository}\u0000${f.id}\u0000${f.packagePurl}`),
      },
      properties: compact({
        purl: f.packagePurl,
        installedVersion: version,
        fixedVersions: [...f.fixedVersions],
        affectedRange: f.affectedRange,
        image: ref,
        layerDiffId: pkg?.layerDiffId,
        packageLocation: pkg?.location,
      }),
    });
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: TOOL_NAME, version: n.toolVersion, informationUri: TOOL_URL, rules },
        },
        automationDetails: { id: `${TOOL_NAME}/${input.image.loginServer}/${input.image.repository}/` },
        results,
        properties: { image: ref, digest: input.image.digest, tags: n.tags, generatedAt: n.timestamp },
      },
    ],
  };
}

function rule(f: VulnerabilityFinding): JsonObject {
  const score = securitySeverity(f);
  const title = f.summary ?? `${f.id} (${f.severity})`;
  const url = findingUrl(f);
  return {
    id: f.id,
    name: f.id.replace(/[^A-Za-z0-9]+/g, ''),
    shortDescription: { text: title.length > 1024 ? `${title.slice(0, 1021)}...` : title },
    fullDescription: { text: f.summary ?? f.id },
    helpUri: url,
    help: {
      text: `${f.id}: ${title}\nSeverity: ${f.severity}${f.cvss === undefined ? '' : `, CVSS ${f.cvss.score.toFixed(1)}`}\nSee ${url}`,
      markdown: `**${f.id}** ${escapeMarkdownText(title)}\n\nSeverity: **${f.severity}**${f.cvss === undefined ? '' : `, CVSS ${f.cvss.score.toFixed(1)}`}\n\n[Advisory](${url})`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
    properties: compact({
      'security-severity': score,
      tags: ['security', 'vulnerability', f.severity, ...f.aliases].filter((t, i, all) => all.indexOf(t) === i),
      precision: 'very-high',
    }),
  };
}
