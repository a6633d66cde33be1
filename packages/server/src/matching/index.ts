/**
 * Vulnerability matching: an image's packages against a {@link VulnLookup} (the SQLite vulnerability database
 * or an in-memory one). Pure: no I/O beyond the lookup it is handed.
 */
export { displayId, groupByAliases, vulnerabilityUrl } from './aliases.js';
export { countBySeverity } from './counts.js';
export { distroMatcher, type MatchOptions, type PackageQuery, packageQuery, ubuntuEcosystem } from './ecosystems.js';
export { type MatchPackagesOptions, matchPackage, matchPackages, sortFindings } from './match.js';
export { type RematchResult, rematchImages, type StoredImage } from './rematch.js';
export { type Rating, rateAdvisory, severityFromRating, worseRating } from './severity.js';
export type { FindingPackage, SeverityCounts, VulnerabilityFinding } from './types.js';
