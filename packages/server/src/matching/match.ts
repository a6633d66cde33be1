import type { Distro, ImagePackage } from '../analysis/index.js';
import { type AffectedResult, comparatorForEcosystem, isAffected, type VersionComparator } from '../vuln/index.js';
import type { AdvisoryMatchCandidate, VulnLookup } from '../vulndb/types.js';
import { displayId, groupByAliases, vulnerabilityUrl } from './aliases.js';
import { type MatchOptions, type PackageQuery, packageQuery } from './ecosystems.js';
import { type Rating, rateAdvisory, worseRating } from './severity.js';
import type { FindingPackage, VulnerabilityFinding } from './types.js';

/** Options of {@link matchPackages}. */
export interface MatchPackagesOptions extends MatchOptions {
  /** Called for a package/advisory pair that could not be evaluated (invalid version or range); it is skipped. */
  onError?: (pkg: ImagePackage, advisoryId: string, error: unknown) => void;
}

interface Hit {
  candidate: AdvisoryMatchCandidate;
  result: AffectedResult;
  rating: Rating;
}

/** The candidates that apply to the image, Ubuntu Pro entries superseding standard ones of the same record. */
function applicable(query: PackageQuery, candidates: AdvisoryMatchCandidate[]): AdvisoryMatchCandidate[] {
  const accepted = candidates.filter((c) => query.accepts(c.ecosystem));
  if (!query.preferred) return accepted;
  const preferredIds = new Set(accepted.filter((c) => query.preferred!(c.ecosystem)).map((c) => c.advisory.id));
  return accepted.filter((c) => !preferredIds.has(c.advisory.id) || query.preferred!(c.ecosystem));
}

function sortVersions(versions: Iterable<string>, cmp: VersionComparator): string[] {
  const unique = [...new Set(versions)];
  return unique.sort((a, b) => {
    try {
      return cmp.compare(a, b);
    } catch {
      return a < b ? -1 : a > b ? 1 : 0;
    }
  });
}

function findingPackage(pkg: ImagePackage): FindingPackage {
  const out: FindingPackage = {
    purl: pkg.purl,
    name: pkg.name,
    version: pkg.version,
    type: pkg.type,
    locations: pkg.locations,
    layer: pkg.layer,
  };
  if (pkg.source && pkg.source.name !== pkg.name) out.sourceName = pkg.source.name;
  return out;
}

/** One finding from the hits of one alias group. */
function toFinding(pkg: ImagePackage, query: PackageQuery, hits: Hit[], cmp: VersionComparator): VulnerabilityFinding {
  const recordIds = [...new Set(hits.map((h) => h.candidate.advisory.id))].sort();
  const allIds = [...new Set(hits.flatMap((h) => [h.candidate.advisory.id, ...h.candidate.advisory.aliases]))];
  const id = displayId(recordIds, allIds);
  const rating = hits.map((h) => h.rating).reduce(worseRating);
  const fixedVersions = sortVersions(
    hits.flatMap((h) => h.result.fixedVersions),
    cmp,
  );
  const advisories = hits.map((h) => h.candidate.advisory);
  const primary = advisories.find((a) => a.id === id || a.aliases.includes(id)) ?? advisories[0]!;
  const finding: VulnerabilityFinding = {
    id,
    aliases: allIds.filter((a) => a !== id).sort(),
    advisoryIds: recordIds,
    ecosystem: hits[0]!.candidate.ecosystem,
    package: findingPackage(pkg),
    matchedVersion: query.version,
    severity: rating.severity,
    fixedVersions,
    fixState: fixedVersions.length ? 'fixed' : 'not-fixed',
    affectedRanges: [...new Set(hits.flatMap((h) => h.result.ranges))],
    url: vulnerabilityUrl(id),
  };
  if (rating.score !== undefined) finding.score = rating.score;
  if (rating.vector !== undefined) finding.vector = rating.vector;
  const summary = primary.summary ?? advisories.find((a) => a.summary)?.summary;
  if (summary) finding.summary = summary;
  const published = advisories
    .map((a) => a.published)
    .filter((d): d is string => !!d)
    .sort()[0];
  const modified = advisories
    .map((a) => a.modified)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  if (published) finding.published = published;
  if (modified) finding.modified = modified;
  return finding;
}

/** Findings for one package. */
export function matchPackage(
  pkg: ImagePackage,
  db: VulnLookup,
  distro: Distro | undefined,
  options: MatchPackagesOptions = {},
): VulnerabilityFinding[] {
  const query = packageQuery(pkg, distro, options);
  if (!query) return [];
  const hits: Hit[] = [];
  let cmp: VersionComparator | undefined;
  for (const candidate of applicable(query, db.candidates(query.family, query.name))) {
    try {
      const comparator = comparatorForEcosystem(candidate.ecosystem);
      cmp ??= comparator;
      const result = isAffected(query.version, candidate.affected, comparator);
      if (!result.affected) continue;
      hits.push({ candidate, result, rating: rateAdvisory(candidate.advisory, candidate.affected.severity) });
    } catch (error) {
      options.onError?.(pkg, candidate.advisory.id, error);
    }
  }
  if (!hits.length || !cmp) return [];
  const groups = groupByAliases(hits.map((h) => h.candidate.advisory));
  return groups.map((group) =>
    toFinding(
      pkg,
      query,
      group.map((i) => hits[i]!),
      cmp!,
    ),
  );
}

/**
 * Matches an image's packages against a vulnerability database. Pure: all I/O is behind `db`. Returns one
 * finding per (vulnerability alias group, package), sorted by severity (worst first), then id and purl.
 * OS packages match only when the image's distro is known (see {@link distroMatcher}).
 */
export function matchPackages(
  packages: readonly ImagePackage[],
  db: VulnLookup,
  distro: Distro | undefined,
  options: MatchPackagesOptions = {},
): VulnerabilityFinding[] {
  const findings = packages.flatMap((pkg) => matchPackage(pkg, db, distro, options));
  return sortFindings(findings);
}

const ORDER = { critical: 0, high: 1, medium: 2, low: 3, unspecified: 4 } as const;

/** Worst first; then by CVSS score (higher first), id and purl, for stable output. */
export function sortFindings(findings: VulnerabilityFinding[]): VulnerabilityFinding[] {
  return findings.sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      (b.score ?? -1) - (a.score ?? -1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      (a.package.purl < b.package.purl ? -1 : a.package.purl > b.package.purl ? 1 : 0),
  );
}
