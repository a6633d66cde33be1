/** The `cves` filters, applied to the API's findings (pure: the same filters work on any list). */
import type { PackageType, Severity, Vulnerability } from '@scout-acr/sdk/client';
import { InsightUsageError } from './errors.js';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unspecified'];
export const PACKAGE_TYPES: readonly PackageType[] = ['deb', 'apk', 'rpm', 'npm', 'pypi', 'golang', 'maven'];

/** What `--only-*` asked for; absent fields do not filter. */
export interface CveFilters {
  severities?: Severity[] | undefined;
  fixed?: boolean | undefined;
  packageTypes?: PackageType[] | undefined;
  ids?: string[] | undefined;
}

/** Splits `a,b , c` into trimmed, lower-cased, non-empty items. */
function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses the command-line filter options; throws {@link InsightUsageError} on unknown values. */
export function parseCveFilters(options: {
  onlySeverity?: string | undefined;
  onlyFixed?: boolean | undefined;
  onlyUnfixed?: boolean | undefined;
  onlyPackageType?: string | undefined;
  onlyCveId?: string | undefined;
}): CveFilters {
  if (options.onlyFixed && options.onlyUnfixed)
    throw new InsightUsageError('--only-fixed and --only-unfixed exclude each other');
  const filters: CveFilters = {};
  if (options.onlySeverity !== undefined) {
    const values = list(options.onlySeverity.toLowerCase());
    const bad = values.filter((v) => !SEVERITIES.includes(v as Severity));
    if (bad.length > 0 || values.length === 0)
      throw new InsightUsageError(`--only-severity takes ${SEVERITIES.join(', ')} (got "${options.onlySeverity}")`);
    filters.severities = values as Severity[];
  }
  if (options.onlyFixed) filters.fixed = true;
  if (options.onlyUnfixed) filters.fixed = false;
  if (options.onlyPackageType !== undefined) {
    const values = list(options.onlyPackageType.toLowerCase());
    const bad = values.filter((v) => !PACKAGE_TYPES.includes(v as PackageType));
    if (bad.length > 0 || values.length === 0)
      throw new InsightUsageError(
        `--only-package-type takes ${PACKAGE_TYPES.join(', ')} (got "${options.onlyPackageType}")`,
      );
    filters.packageTypes = values as PackageType[];
  }
  if (options.onlyCveId !== undefined) {
    const values = list(options.onlyCveId).map((v) => v.toUpperCase());
    if (values.length === 0) throw new InsightUsageError('--only-cve-id needs at least one id');
    filters.ids = values;
  }
  return filters;
}

/** True when the finding passes every filter. An id filter matches the primary id or any alias. */
export function matchesFilters(v: Vulnerability, filters: CveFilters): boolean {
  if (filters.severities && !filters.severities.includes(v.severity)) return false;
  if (filters.fixed !== undefined && v.fixedVersions.length > 0 !== filters.fixed) return false;
  if (filters.packageTypes && !filters.packageTypes.includes(v.package.type)) return false;
  if (filters.ids) {
    const ids = [v.id, ...v.aliases].map((id) => id.toUpperCase());
    if (!filters.ids.some((id) => ids.includes(id))) return false;
  }
  return true;
}

/** The findings that pass the filters, in their original order. */
export function applyCveFilters(findings: readonly Vulnerability[], filters: CveFilters): Vulnerability[] {
  return findings.filter((v) => matchesFilters(v, filters));
}
