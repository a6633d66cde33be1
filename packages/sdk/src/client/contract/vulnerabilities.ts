import { z } from 'zod';
import { contractSchemas, pageOf, Timestamp } from './common.js';
import { ImagePackagesParams, PackageType } from './packages.js';

/** Scout's severity bands: critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0, else unspecified. */
export const Severity = z
  .enum(['critical', 'high', 'medium', 'low', 'unspecified'])
  .register(contractSchemas, { id: 'Severity' });
export type Severity = z.infer<typeof Severity>;

/** Findings of an image counted per severity. */
export const SeverityCounts = z
  .object({
    critical: z.number().int(),
    high: z.number().int(),
    medium: z.number().int(),
    low: z.number().int(),
    unspecified: z.number().int(),
  })
  .register(contractSchemas, { id: 'SeverityCounts' });
export type SeverityCounts = z.infer<typeof SeverityCounts>;

/** One vulnerability (an alias group of advisories) affecting one package of an image. */
export const Vulnerability = z
  .object({
    id: z.string().describe('CVE id when the advisories name exactly one, else a GHSA, else the record id'),
    aliases: z.array(z.string()).describe('Every other id of the vulnerability (GHSA, PYSEC, distro ids…)'),
    advisoryIds: z.array(z.string()).describe('The database records that matched'),
    ecosystem: z.string().describe('The OSV ecosystem that matched, e.g. `Ubuntu:22.04:LTS`, `npm`'),
    package: z.object({
      purl: z.string(),
      name: z.string(),
      version: z.string(),
      type: PackageType,
      sourceName: z.string().optional().describe('The distro source package advisories name'),
      locations: z.array(z.string()),
      layer: z.string().describe('diffID of the layer that introduced the package'),
    }),
    matchedVersion: z.string().describe('The version compared (the source package’s when dpkg names one)'),
    severity: Severity,
    score: z.number().optional().describe('CVSS base score of `vector`'),
    vector: z.string().optional(),
    fixedVersions: z.array(z.string()).describe('Versions that fix it, ascending; empty when not fixed'),
    fixState: z.enum(['fixed', 'not-fixed']),
    affectedRanges: z.array(z.string()),
    summary: z.string().optional(),
    url: z.string(),
    published: z.string().optional(),
    modified: z.string().optional(),
  })
  .register(contractSchemas, { id: 'Vulnerability' });
export type Vulnerability = z.infer<typeof Vulnerability>;

export const VulnerabilityList = pageOf(Vulnerability).register(contractSchemas, { id: 'VulnerabilityList' });

const SEVERITY_LIST = /^(critical|high|medium|low|unspecified)(,(critical|high|medium|low|unspecified))*$/;

export const ImageVulnerabilitiesQuery = z.object({
  repository: z.string().min(1).max(256).optional().describe('Needed only when the digest is in several repositories'),
  severity: z.string().regex(SEVERITY_LIST).optional().describe('Comma-separated severities, e.g. `critical,high`'),
  fixable: z.enum(['true', 'false']).optional().describe('Only findings with (true) or without (false) a fix'),
  packageType: PackageType.optional(),
  id: z.string().min(1).max(128).optional().describe('A vulnerability id: CVE, GHSA, PYSEC… (aliases match too)'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const SbomFormat = z.enum(['cyclonedx', 'spdx']).register(contractSchemas, { id: 'SbomFormat' });
export type SbomFormat = z.infer<typeof SbomFormat>;

export const ImageSbomQuery = z.object({
  repository: z.string().min(1).max(256).optional(),
  format: SbomFormat.describe('`cyclonedx` (CycloneDX 1.6 JSON) or `spdx` (SPDX 2.3 JSON)'),
});

/** The SBOM document: CycloneDX 1.6 JSON (`application/vnd.cyclonedx+json`) or SPDX 2.3 JSON (`application/spdx+json`). */
export const SbomDocument = z.record(z.string(), z.unknown()).register(contractSchemas, { id: 'SbomDocument' });
export type SbomDocument = z.infer<typeof SbomDocument>;

/** A finding as a history entry names it. */
export const FindingRef = z
  .object({ id: z.string(), purl: z.string(), package: z.string(), severity: Severity.optional() })
  .register(contractSchemas, { id: 'FindingRef' });
export type FindingRef = z.infer<typeof FindingRef>;

/** One matching of an image: after an analysis, or a re-match from the stored inventory after a database change. */
export const ImageHistoryEntry = z
  .object({
    kind: z.enum(['analysis', 'rematch']),
    at: Timestamp,
    dbVersion: z.string().nullable().describe('`importedAt` of the vulnerability database used; null when none'),
    vulnerabilities: SeverityCounts.nullable().describe('Counts after this matching; null without a database'),
    addedCount: z.number().int(),
    resolvedCount: z.number().int(),
    added: z.array(FindingRef).describe('Findings new in this matching (at most 100 listed)'),
    resolved: z.array(FindingRef).describe('Findings gone in this matching (at most 100 listed)'),
  })
  .register(contractSchemas, { id: 'ImageHistoryEntry' });
export type ImageHistoryEntry = z.infer<typeof ImageHistoryEntry>;

export const ImageHistoryList = pageOf(ImageHistoryEntry).register(contractSchemas, { id: 'ImageHistoryList' });

export const ImageHistoryQuery = z.object({
  repository: z.string().min(1).max(256).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export { ImagePackagesParams as ImageDigestParams };

/** What vulnerability database the server has loaded. */
export const VulnDbStatus = z
  .object({
    present: z.boolean().describe('False until a database is imported (`scout-acr-server db import|update`)'),
    importedAt: Timestamp.optional().describe('When the import finished: the database version'),
    newestModified: Timestamp.optional().describe('Newest `modified` time over all records'),
    ageSeconds: z.number().int().optional().describe('Seconds since `newestModified`'),
    sources: z.array(z.string()),
    recordsByEcosystem: z.record(z.string(), z.number().int()),
    records: z.number().int(),
    withdrawn: z.number().int(),
    invalid: z.number().int(),
    loadedAt: Timestamp.nullable().describe('When the server loaded this database; null when not loaded'),
  })
  .register(contractSchemas, { id: 'VulnDbStatus' });
export type VulnDbStatus = z.infer<typeof VulnDbStatus>;
