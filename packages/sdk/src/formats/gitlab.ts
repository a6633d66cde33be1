/**
 * GitLab container-scanning report, schema 15.x
 * (gitlab-org/security-products/security-report-schemas `dist/container-scanning-report-format.json`).
 * Upload it as `artifacts:reports:container_scanning` in `.gitlab-ci.yml`.
 */
import {
  compareStrings,
  findingUrl,
  normalizeInput,
  packagesByPurl,
  TOOL_NAME,
  TOOL_URL,
  uuidFromName,
} from './common.js';
import { FormatInputError } from './errors.js';
import { compact, type JsonObject } from './json.js';
import type { FindingSeverity, FormatInput, VulnerabilityFinding } from './model.js';

/** Schema version the report declares. */
export const GITLAB_SCHEMA_VERSION = '15.2.1';

const GITLAB_SEVERITY: Record<FindingSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  unspecified: 'Unknown',
};

/** Options for {@link renderGitLab}. */
export interface GitLabOptions {
  /** When the scan started (ISO 8601); defaults to `generatedAt`. */
  startedAt?: string;
  /** `failure` marks an incomplete scan; default `success`. */
  status?: 'success' | 'failure';
}

/** Renders a GitLab container-scanning report. */
export function renderGitLab(input: FormatInput, options: GitLabOptions = {}): JsonObject {
  const n = normalizeInput(input);
  const vendor = { name: TOOL_NAME };
  const tool = { id: TOOL_NAME, name: TOOL_NAME, version: n.toolVersion, url: TOOL_URL, vendor };
  const packages = packagesByPurl(n.packages);
  const os = input.image.os;
  const operatingSystem = os === undefined ? 'unknown' : `${os.id} ${os.versionId ?? ''}`.trim();
  // GitLab shows the image by name:tag; the digest is the fallback for untagged images.
  const firstTag = n.tags.includes('latest') ? 'latest' : n.tags[0];
  const image = `${input.image.loginServer}/${input.image.repository}${firstTag === undefined ? `@${input.image.digest}` : `:${firstTag}`}`;
  const vulnerabilities = n.findings.map((f) => {
    const pkg = packages.get(f.packagePurl);
    const name = pkg?.name ?? f.packagePurl;
    const version = pkg?.version ?? 'unknown';
    return compact({
      id: uuidFromName(`gitlab:${input.image.loginServer}/${input.image.repository}:${f.id}:${f.packagePurl}`),
      name: truncate(`${f.id} in ${name}`, 255),
      description: truncate(f.summary ?? `${f.id} affects ${name} ${version}.`, 1048576),
      severity: GITLAB_SEVERITY[f.severity],
      solution:
        f.fixedVersions.length > 0 ? truncate(`Upgrade ${name} to ${f.fixedVersions.join(' or ')}`, 7000) : undefined,
      identifiers: identifiers(f),
      links: [{ name: f.id, url: findingUrl(f) }],
      location: {
        dependency: { package: { name }, version },
        operating_system: operatingSystem,
        image,
      },
    });
  });
  return {
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'container_scanning',
      start_time: gitlabTime(options.startedAt ?? input.generatedAt),
      end_time: gitlabTime(input.generatedAt),
      status: options.status ?? 'success',
    },
    vulnerabilities,
  };
}

/** The primary id first, then its aliases; each typed by its prefix (cve, ghsa, dsa, go, pysec…). */
function identifiers(f: VulnerabilityFinding): JsonObject[] {
  const ids = [f.id, ...[...new Set(f.aliases)].filter((a) => a !== f.id).sort(compareStrings)];
  return ids.map((id) =>
    compact({
      type: identifierType(id),
      name: id,
      value: id,
      url: id === f.id ? findingUrl(f) : aliasUrl(id),
    }),
  );
}

function identifierType(id: string): string {
  const prefix = /^([A-Za-z]+)-/.exec(id)?.[1];
  return prefix === undefined ? 'osv' : prefix.toLowerCase();
}

function aliasUrl(id: string): string {
  if (/^CVE-/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (/^GHSA-/i.test(id)) return `https://github.com/advisories/${id}`;
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

/** GitLab wants `YYYY-MM-DDTHH:MM:SS` (UTC, no zone designator). */
function gitlabTime(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new FormatInputError(`not an ISO 8601 time: ${JSON.stringify(value)}`);
  return new Date(time).toISOString().slice(0, 19);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
