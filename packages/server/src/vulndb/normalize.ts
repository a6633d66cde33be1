import { normalizePythonName } from '../analysis/index.js';
import { parseOsvEcosystem } from '../vuln/index.js';

/** The ecosystem families the database indexes (OSV ecosystem names without the release). */
export const SUPPORTED_FAMILIES = [
  'Debian',
  'Ubuntu',
  'Alpine',
  'Red Hat',
  'npm',
  'PyPI',
  'Go',
  'Maven',
  'crates.io',
] as const;

/** The family of an OSV ecosystem string: `Ubuntu:Pro:22.04:LTS` → `Ubuntu`, `Alpine:v3.19` → `Alpine`. */
export function ecosystemFamily(ecosystem: string): string {
  return parseOsvEcosystem(ecosystem).name;
}

/** True when records of this ecosystem are imported and matched. */
export function isSupportedFamily(family: string): boolean {
  return (SUPPORTED_FAMILIES as readonly string[]).includes(family);
}

/**
 * Normalises a package name for lookup, per ecosystem: PyPI names per PEP 503 (`Flask_Login` → `flask-login`),
 * npm, crates.io and distro package names lower-cased (their registries treat case as insignificant), Go module
 * paths, Maven `group:artifact` and Red Hat names kept as they are (case-sensitive there).
 */
export function normalizePackageName(family: string, name: string): string {
  const trimmed = name.trim();
  switch (family) {
    case 'PyPI':
      return normalizePythonName(trimmed);
    case 'npm':
    case 'crates.io':
    case 'Debian':
    case 'Ubuntu':
    case 'Alpine':
      return trimmed.toLowerCase();
    default:
      return trimmed;
  }
}

/**
 * Distro notices that bundle several CVEs (Ubuntu `USN-`, Debian `DSA-`/`DLA-`/`DTSA-`). The same exports hold a
 * record per CVE (Ubuntu `CVE-…`, `DEBIAN-CVE-…`) with the same fixes, so the bundles are not imported: they
 * would report each vulnerability twice, and merging them by alias would fuse distinct CVEs into one finding.
 */
export function isBundledNotice(id: string): boolean {
  return /^(USN|DSA|DLA|DTSA)-/.test(id);
}
